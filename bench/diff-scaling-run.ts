/**
 * One entry of the diff+commit scaling sweep, in a process of its own so its peak RSS is its
 * own (`diff-scaling.ts` runs it): `baseline EMPLOYEES WHERE` makes the stored snapshot;
 * `resync EMPLOYEES WHERE PERCENT` runs one full sync over it with PERCENT of the employees
 * (all their records) changed. WHERE is a SQLite file or a `postgres://` URL. EMPLOYEES may
 * name payroll periods too: `100000x12` is 100k employees with 12 monthly payroll results
 * per employment (1.6M records). Prints one JSON line.
 */
import { limitHeapGrowth } from '../core/heap-growth.js'
import { openDatabase } from '../core/storage/open-database.js'
import { syntheticSync } from './synthetic-sync.js'

limitHeapGrowth() // as gateway.ts does: the process measured is the gateway's

const [step, employeesText, where, percentText] = process.argv.slice(2) as [string, string, string, string?]
const [employees, payrollPeriods] = employeesText.split('x').map(Number) as [number, number?]
const db = await openDatabase(where.startsWith('postgres://') ? { driver: 'postgres', url: where, poolSize: 5 } : { path: where })
const { state, sync } = await syntheticSync(db, { employees, payrollPeriods: payrollPeriods ?? 0 })
state.changedPercent = step === 'resync' ? Number(percentText) : 0
const run = await sync()
await db.destroy()
const records = employees * (4 + (payrollPeriods ?? 0))
process.stdout.write(`${JSON.stringify({
  step, employees, payrollPeriods: payrollPeriods ?? 0, records, changedPercent: state.changedPercent, ms: run.diffMs, sourceMs: run.sourceMs, mutations: run.mutations,
  recordsPerSecond: records / (run.diffMs / 1000), peakRssMb: process.resourceUsage().maxRSS / 1024,
})}\n`)
