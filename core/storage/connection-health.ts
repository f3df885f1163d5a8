import type { ConnectionStatus, RunStatus } from './database.js'
import type { Db } from './open-database.js'

export const runStatuses: readonly RunStatus[] = ['running', 'succeeded', 'failed', 'held']

export interface ConnectionHealth {
  /** Stored status, with `syncing` taken from the runs table (a CLI sync counts too). */
  status: ConnectionStatus
  /** `finished_at` of the newest succeeded run; null when there is none. */
  lastSuccessAt: string | null
  /** Runs in the database by status (retention prunes old ones, so this is no counter). */
  runs: Record<RunStatus, number>
}

/**
 * Per configured connection, for the scrape-time gauges. Every query is an index probe
 * (connections' primary key, `runs_one_running`, `runs_connection`) or a scan of the covering
 * `runs_connection_status` index (migration 0007), never of the run rows themselves.
 *
 * Status: `needs_authorization` as stored; otherwise `syncing` while a run of the connection
 * is `running` in any process. A stored `syncing` without a running run was left by a
 * process that stopped mid-run: the last finished run decides (failed: `failing`).
 */
export async function connectionHealth(db: Db, connectionIds: readonly string[]): Promise<Map<string, ConnectionHealth>> {
  const health = new Map<string, ConnectionHealth>()
  if (connectionIds.length === 0) return health
  const ids = [...connectionIds]
  const [stored, running, counts] = await Promise.all([
    db.selectFrom('connections').select(['id', 'status']).where('id', 'in', ids).execute(),
    db.selectFrom('runs').select('connection_id').where('status', '=', 'running').execute(),
    db.selectFrom('runs').select(['connection_id', 'status', (eb) => eb.fn.countAll<number>().as('count')]).where('connection_id', 'in', ids).groupBy(['connection_id', 'status']).execute(),
  ])
  const storedStatus = new Map(stored.map((row) => [row.id, row.status]))
  const isRunning = new Set(running.map((row) => row.connection_id))
  for (const id of ids) {
    const lastSuccess = await db
      .selectFrom('runs')
      .select((eb) => eb.fn.max('finished_at').as('at'))
      .where('connection_id', '=', id)
      .where('status', '=', 'succeeded')
      .executeTakeFirst()
    const runs: Record<RunStatus, number> = { running: 0, succeeded: 0, failed: 0, held: 0 }
    for (const row of counts) if (row.connection_id === id && row.status in runs) runs[row.status] += Number(row.count)
    let status: ConnectionStatus = storedStatus.get(id) ?? 'needs_authorization'
    if (status !== 'needs_authorization' && isRunning.has(id)) status = 'syncing'
    else if (status === 'syncing') status = (await lastFinishedStatus(db, id)) === 'failed' ? 'failing' : 'ready'
    health.set(id, { status, lastSuccessAt: (lastSuccess?.at as string | null | undefined) ?? null, runs })
  }
  return health
}

async function lastFinishedStatus(db: Db, connectionId: string): Promise<RunStatus | undefined> {
  const row = await db
    .selectFrom('runs')
    .select('status')
    .where('connection_id', '=', connectionId)
    .where('status', '!=', 'running')
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row?.status
}
