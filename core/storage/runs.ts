import type { Db } from './open-database.js'
import type { RunRow, RunStatus } from './database.js'

/** A running run whose heartbeat is older than this is considered dead (its process crashed). */
export const staleRunMs = 2 * 60_000

export async function insertRun(db: Db, run: { id: string; connectionId: string; mode: string; trigger: string; force: boolean; counts: unknown }): Promise<void> {
  const now = new Date().toISOString()
  await db
    .insertInto('runs')
    .values({
      id: run.id, connection_id: run.connectionId, status: 'running', mode: run.mode, trigger: run.trigger, force: run.force ? 1 : 0,
      started_at: now, finished_at: null, counts: JSON.stringify(run.counts), employers: '[]', error_code: null, error_message: null, heartbeat_at: now,
    })
    .execute()
}

export async function updateRunProgress(db: Db, runId: string, counts: unknown, employers: unknown): Promise<void> {
  await db
    .updateTable('runs')
    .set({ counts: JSON.stringify(counts), employers: JSON.stringify(employers), heartbeat_at: new Date().toISOString() })
    .where('id', '=', runId)
    .execute()
}

export async function finishRun(
  db: Db, runId: string,
  result: { status: RunStatus; counts: unknown; employers: unknown; error: { code: string; message: string } | null; mode?: string },
): Promise<void> {
  await db
    .updateTable('runs')
    .set({
      status: result.status, counts: JSON.stringify(result.counts), employers: JSON.stringify(result.employers),
      error_code: result.error?.code ?? null, error_message: result.error?.message ?? null,
      finished_at: new Date().toISOString(), ...(result.mode ? { mode: result.mode } : {}),
    })
    .where('id', '=', runId)
    .execute()
}

/** The run of a connection that is still alive (running with a fresh heartbeat), if any. */
export async function findActiveRun(db: Db, connectionId: string): Promise<RunRow | undefined> {
  const freshSince = new Date(Date.now() - staleRunMs).toISOString()
  return db
    .selectFrom('runs')
    .selectAll()
    .where('connection_id', '=', connectionId)
    .where('status', '=', 'running')
    .where('heartbeat_at', '>', freshSince)
    .executeTakeFirst()
}

/**
 * Runs left `running` by a process that died: failed with code `shutdown`. With `all`
 * (gateway start-up of the only process) every running run of the given connections.
 */
export async function failStaleRuns(db: Db, options: { all?: boolean } = {}): Promise<number> {
  const freshSince = new Date(Date.now() - staleRunMs).toISOString()
  let query = db
    .updateTable('runs')
    .set({ status: 'failed', error_code: 'shutdown', error_message: 'the gateway stopped while this run was going', finished_at: new Date().toISOString() })
    .where('status', '=', 'running')
  if (!options.all) query = query.where('heartbeat_at', '<=', freshSince)
  const result = await query.executeTakeFirst()
  await db.deleteFrom('staged_records').where('run_id', 'not in', db.selectFrom('runs').select('id').where('status', '=', 'running')).execute()
  return Number(result.numUpdatedRows)
}

export async function getRun(db: Db, runId: string): Promise<RunRow | undefined> {
  return db.selectFrom('runs').selectAll().where('id', '=', runId).executeTakeFirst()
}

export async function listRuns(db: Db, filter: { connectionId?: string; limit: number }): Promise<RunRow[]> {
  let query = db.selectFrom('runs').selectAll().orderBy('started_at', 'desc').orderBy('id', 'desc').limit(filter.limit)
  if (filter.connectionId) query = query.where('connection_id', '=', filter.connectionId)
  return query.execute()
}

export async function lastRun(db: Db, connectionId: string): Promise<RunRow | undefined> {
  return (await listRuns(db, { connectionId, limit: 1 }))[0]
}
