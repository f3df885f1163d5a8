import type { ConnectionStatus } from './storage/database.js'
import { connectionHealth, runStatuses } from './storage/connection-health.js'
import type { Db } from './storage/open-database.js'
import { perScrape, type Metrics } from './metrics.js'

const connectionStatuses: readonly ConnectionStatus[] = ['needs_authorization', 'ready', 'syncing', 'failing']

/**
 * Connection and run gauges, read from the database at scrape time, so runs of a CLI sync
 * (another process on the same database) show up as well as the server's own.
 */
export function registerConnectionGauges(metrics: Metrics, db: Db, connections: ReadonlyArray<{ id: string }>): void {
  const ids = connections.map((c) => c.id)
  const read = perScrape(() => connectionHealth(db, ids))
  metrics.gauge('koppel_connection_status', 'Connection status: 1 for the current one (needs_authorization, ready, syncing, failing), 0 for the others', async () =>
    [...(await read())].flatMap(([connection, health]) => connectionStatuses.map((status) => ({ labels: { connection, status }, value: health.status === status ? 1 : 0 }))))
  metrics.gauge('koppel_last_successful_sync_timestamp_seconds', 'Unix time the last succeeded sync run of a connection finished (absent before the first one)', async () =>
    [...(await read())].flatMap(([connection, health]) => (health.lastSuccessAt ? [{ labels: { connection }, value: Date.parse(health.lastSuccessAt) / 1000 }] : [])))
  metrics.gauge('koppel_runs', 'Sync runs kept in the database by connection and status (any process, CLI included; pruned by retention)', async () =>
    [...(await read())].flatMap(([connection, health]) => runStatuses.map((status) => ({ labels: { connection, status }, value: health.runs[status] }))))
}
