import type { ConnectionStatus } from './storage/database.js'
import { connectionHealth, runStatuses } from './storage/connection-health.js'
import type { Db } from './storage/open-database.js'
import type { Metrics } from './metrics.js'

const connectionStatuses: readonly ConnectionStatus[] = ['needs_authorization', 'ready', 'syncing', 'failing']

/**
 * Connection and run gauges, read from the database at scrape time, so runs of a CLI sync
 * (another process on the same database) show up as well as the server's own.
 */
export function registerConnectionGauges(metrics: Metrics, db: Db, connections: ReadonlyArray<{ id: string; enabled: boolean }>): void {
  const ids = connections.map((c) => c.id)
  const health = () => connectionHealth(db, ids)
  metrics.gauge('koppel_connection_status', 'Connection status: 1 for the current one (needs_authorization, ready, syncing, failing), 0 for the others', async (scrape) =>
    [...(await scrape.once(health))].flatMap(([connection, h]) => connectionStatuses.map((status) => ({ labels: { connection, status }, value: h.status === status ? 1 : 0 }))))
  metrics.gauge('koppel_last_successful_sync_timestamp_seconds', 'Unix time the last succeeded sync run of a connection finished (absent before the first one)', async (scrape) =>
    [...(await scrape.once(health))].flatMap(([connection, h]) => (h.lastSuccessAt ? [{ labels: { connection }, value: Date.parse(h.lastSuccessAt) / 1000 }] : [])))
  // From the configuration: alert rules leave out connections switched off on purpose.
  metrics.gauge('koppel_connection_enabled', 'Whether a configured connection is enabled (1) or switched off with enabled: false (0)', () =>
    connections.map((c) => ({ labels: { connection: c.id }, value: c.enabled ? 1 : 0 })))
  metrics.gauge('koppel_runs', 'Sync runs kept in the database by connection and status (any process, CLI included; pruned by retention)', async (scrape) =>
    [...(await scrape.once(health))].flatMap(([connection, h]) => runStatuses.map((status) => ({ labels: { connection, status }, value: h.runs[status] }))))
}
