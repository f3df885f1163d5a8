import { pino } from 'pino'
import { connectionSchema } from '../config/schema.js'
import { createConnectionSpec } from '../core/connection-spec.js'
import type { HttpClient } from '../core/connector.js'
import { createRegistry } from '../core/registry.js'
import { ensureConnections } from '../core/storage/connections.js'
import type { Db } from '../core/storage/open-database.js'
import { SyncRunner } from '../core/sync/sync-runner.js'
import { syntheticConnector } from './synthetic-connector.js'

/** One timed run: the whole run, the source's share of it, and the rest (diff+commit). */
export interface TimedSync {
  ms: number
  sourceMs: number
  diffMs: number
  mutations: number
}

/**
 * The synthetic connection `bench` (employer `er-1`, no delete guard, no outbox) on `db`, as
 * the diff+commit benchmarks run it: `sync()` runs it once and times it; `state` sets what
 * the next run changes (`changedEvery`, `changedPercent`).
 */
export async function syntheticSync(db: Db, options: { employees: number; payrollPeriods?: number }) {
  const { connector, state } = syntheticConnector(options)
  const connection = createConnectionSpec(connectionSchema.parse({ id: 'bench', connector: 'synthetic', employers: ['er-1'], delete_guard: { max_ratio: 1, min_count: 0 } }), connector)
  await ensureConnections(db, [{ id: 'bench', connector: 'synthetic', initialStatus: 'ready' }])
  const runner = new SyncRunner({
    db, outbox: { enqueue: async () => {} }, registry: createRegistry([connector]), connections: [connection], log: pino({ level: 'silent' }),
    httpFor: () => ({}) as HttpClient,
  })
  const sync = async (): Promise<TimedSync> => {
    state.sourceMs = 0
    const started = performance.now()
    const { done } = await runner.trigger('bench', { trigger: 'cli' })
    const result = await done
    if (result.status !== 'succeeded') throw new Error(`run ${result.status}: ${JSON.stringify(result.error)}`)
    const ms = performance.now() - started
    return { ms, sourceMs: state.sourceMs, diffMs: ms - state.sourceMs, mutations: result.mutations }
  }
  return { state, sync }
}
