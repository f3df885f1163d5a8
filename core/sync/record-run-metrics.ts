import type { Counter } from '../metrics.js'
import type { RunResult } from './run-sync.js'

/**
 * Counts a finished run's mutations into `koppel_mutations_total` ({connection, type:
 * `<entity>.<operation>`}). A baseline emits nothing, and a failed or held employer committed
 * nothing, so neither counts mutations. Runs themselves are read from the database at scrape
 * time (`koppel_runs`), so those of a CLI sync count too.
 */
export function recordRunMetrics(counters: { mutations: Counter }, result: RunResult): void {
  for (const employer of result.employers) {
    if (employer.baseline || employer.status !== 'succeeded') continue
    for (const [entity, counts] of Object.entries(employer.counts)) {
      for (const operation of ['created', 'updated', 'deleted'] as const) {
        if (counts[operation] > 0) counters.mutations.inc({ connection: result.connection, type: `${entity}.${operation}` }, counts[operation])
      }
    }
  }
}
