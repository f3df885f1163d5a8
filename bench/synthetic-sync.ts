import type { Db } from '../core/storage/open-database.js'
import { benchRunner } from './bench-runner.js'
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
  const runner = await benchRunner(db, connector, { delete_guard: { max_ratio: 1, min_count: 0 } })
  const sync = async (): Promise<TimedSync> => {
    state.sourceMs = 0
    const { ms, result } = await runner.run()
    return { ms, sourceMs: state.sourceMs, diffMs: ms - state.sourceMs, mutations: result.mutations }
  }
  return { state, sync }
}
