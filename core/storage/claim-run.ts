import { KoppelError } from '../errors.js'
import type { Db } from './open-database.js'
import { runOwner, staleRunMs } from './runs.js'

export interface NewRun {
  id: string
  connectionId: string
  mode: string
  trigger: string
  force: boolean
  counts: unknown
}

/**
 * Inserts a run as `running` and so takes ownership of its connection, atomically across
 * every process on this database: the unique index `runs_one_running` (migration 0006)
 * admits one running run per connection, and the losing insert becomes `run_in_progress`.
 * A running run whose heartbeat went stale belongs to a process that died; it is failed
 * first, so a crash does not block its connection until the next start-up.
 *
 * No transaction around the three statements, on purpose: each is atomic on its own, two
 * processes failing the same stale run agree, and the insert alone decides the owner. (A
 * transaction holding SQLite's write lock across an await would stall a second connection
 * of the same process in its busy wait.)
 *
 * This is the seam for run ownership: a lease with expiry (PostgreSQL replicas) replaces
 * the heartbeat test here, and nothing else has to know.
 */
export async function claimRun(db: Db, run: NewRun): Promise<void> {
  const now = new Date().toISOString()
  const freshSince = new Date(Date.now() - staleRunMs).toISOString()
  const dead = await db
    .updateTable('runs')
    .set({ status: 'failed', error_code: 'shutdown', error_message: 'the process running it stopped sending heartbeats', finished_at: now })
    .where('connection_id', '=', run.connectionId)
    .where('status', '=', 'running')
    .where('heartbeat_at', '<=', freshSince)
    .returning('id')
    .execute()
  if (dead.length > 0) await db.deleteFrom('staged_records').where('run_id', 'in', dead.map((row) => row.id)).execute()
  try {
    await db
      .insertInto('runs')
      .values({
        id: run.id, connection_id: run.connectionId, status: 'running', mode: run.mode, trigger: run.trigger, force: run.force ? 1 : 0,
        started_at: now, finished_at: null, counts: JSON.stringify(run.counts), employers: '[]', error_code: null, error_message: null,
        heartbeat_at: now, owner: runOwner,
      })
      .execute()
  } catch (error) {
    if (!isOneRunningViolation(error)) throw error
    const active = await db.selectFrom('runs').select('id').where('connection_id', '=', run.connectionId).where('status', '=', 'running').executeTakeFirst()
    throw new KoppelError('run_in_progress', `a sync of "${run.connectionId}" is already running${active ? ` (${active.id})` : ''}`, {
      details: active ? { runId: active.id } : undefined,
    })
  }
}

/** The unique violation of `runs_one_running`, as better-sqlite3 and pg report it. */
function isOneRunningViolation(error: unknown): boolean {
  const { code, message, constraint } = error as { code?: unknown; message?: unknown; constraint?: unknown }
  if (code === 'SQLITE_CONSTRAINT_UNIQUE') return typeof message === 'string' && message.includes('runs.connection_id')
  return code === '23505' && constraint === 'runs_one_running'
}
