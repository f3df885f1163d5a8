/**
 * One entry of the diff+commit scaling sweep, in a process of its own so its peak RSS is its
 * own (`diff-scaling.ts` runs it): `baseline EMPLOYEES FILE` makes the stored snapshot;
 * `resync EMPLOYEES FILE PERCENT` runs one full sync over that file with PERCENT of the
 * employees (all four records each) changed. Prints one JSON line.
 */
import { openDatabase } from '../core/storage/open-database.js'
import { syntheticSync } from './synthetic-sync.js'

const [step, employeesText, path, percentText] = process.argv.slice(2)
const employees = Number(employeesText)
const db = await openDatabase({ path: path! })
const { state, sync } = await syntheticSync(db, { employees })
state.changedPercent = step === 'resync' ? Number(percentText) : 0
const run = await sync()
await db.destroy()
const records = employees * 4
process.stdout.write(`${JSON.stringify({
  step, employees, records, changedPercent: state.changedPercent, ms: run.diffMs, sourceMs: run.sourceMs, mutations: run.mutations,
  recordsPerSecond: records / (run.diffMs / 1000), peakRssMb: process.resourceUsage().maxRSS / 1024,
})}\n`)
