/**
 * One entry of the diff+commit scaling sweep, in a process of its own so its peak RSS is its
 * own (`diff-scaling.ts` runs it): `baseline EMPLOYEES FILE` makes the stored snapshot;
 * `resync EMPLOYEES FILE PERCENT` runs one full sync over that file with PERCENT of the
 * employees (all four records each) changed. Prints one JSON line.
 */
import { pino } from 'pino'
import { connectionSchema } from '../config/schema.js'
import { createConnectionSpec } from '../core/connection-spec.js'
import type { HttpClient } from '../core/connector.js'
import { createRegistry } from '../core/registry.js'
import { ensureConnections } from '../core/storage/connections.js'
import { openDatabase } from '../core/storage/open-database.js'
import { SyncRunner } from '../core/sync/sync-runner.js'
import { syntheticConnector } from './synthetic-connector.js'

const [step, employeesText, path, percentText] = process.argv.slice(2)
const employees = Number(employeesText)
const db = await openDatabase({ path: path! })
const { connector, state } = syntheticConnector({ employees })
const connection = createConnectionSpec(connectionSchema.parse({ id: 'bench', connector: 'synthetic', employers: ['er-1'], delete_guard: { max_ratio: 1, min_count: 0 } }), connector)
await ensureConnections(db, [{ id: 'bench', connector: 'synthetic', initialStatus: 'ready' }])
const runner = new SyncRunner({
  db, outbox: { enqueue: async () => {} }, registry: createRegistry([connector]), connections: [connection], log: pino({ level: 'silent' }),
  httpFor: () => ({}) as HttpClient,
})
state.changedPercent = step === 'resync' ? Number(percentText) : 0
const started = performance.now()
const { done } = await runner.trigger('bench', { trigger: 'cli' })
const result = await done
if (result.status !== 'succeeded') throw new Error(`run ${result.status}: ${JSON.stringify(result.error)}`)
const ms = performance.now() - started - state.sourceMs
await db.destroy()
const records = employees * 4
process.stdout.write(`${JSON.stringify({
  step, employees, records, changedPercent: state.changedPercent, ms, sourceMs: state.sourceMs, mutations: result.mutations,
  recordsPerSecond: records / (ms / 1000), peakRssMb: process.resourceUsage().maxRSS / 1024,
})}\n`)
