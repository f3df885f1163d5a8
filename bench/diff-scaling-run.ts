/**
 * One entry of the diff+commit scaling sweep, in a process of its own so its peak RSS is its
 * own (`diff-scaling.ts` runs it): `baseline EMPLOYEES WHERE` makes the stored snapshot;
 * `resync EMPLOYEES WHERE PERCENT` runs one full sync over it with PERCENT of the employees
 * (all four records each) changed. WHERE is a SQLite file or a `postgres://` URL. Prints one
 * JSON line.
 */
import { openDatabase } from '../core/storage/open-database.js'
import { syntheticSync } from './synthetic-sync.js'

const [step, employeesText, where, percentText] = process.argv.slice(2) as [string, string, string, string?]
const employees = Number(employeesText)
const db = await openDatabase(where.startsWith('postgres://') ? { driver: 'postgres', url: where, poolSize: 5 } : { path: where })
const { state, sync } = await syntheticSync(db, { employees })
state.changedPercent = step === 'resync' ? Number(percentText) : 0
const run = await sync()
await db.destroy()
const records = employees * 4
process.stdout.write(`${JSON.stringify({
  step, employees, records, changedPercent: state.changedPercent, ms: run.diffMs, sourceMs: run.sourceMs, mutations: run.mutations,
  recordsPerSecond: records / (run.diffMs / 1000), peakRssMb: process.resourceUsage().maxRSS / 1024,
})}\n`)
