import { KoppelError } from '../errors.js'
import type { Db } from './open-database.js'
import { defaultRunLeaseMs, failExpiredRuns, runOwner } from './run-lease.js'

export interface NewRun {
  id: string
  connectionId: string
  mode: string
  trigger: string
  force: boolean
  counts: unknown
}

/**
 * Inserts a run as `running` with a lease of `leaseMs` and so takes ownership of its
 * connection, atomically across every process and replica on this database: the unique
 * index `runs_one_running` (migration 0006) admits one running run per connection, and the
 * losing insert becomes `run_in_progress`. A running run whose lease ran out belongs to a
 * process that died; it is failed first (`lease_expired`), so a crash blocks its connection
 * for at most one lease. The owner renews the lease (`renewRunLease`) while the run goes.
 *
 * No transaction around the statements, on purpose: each is atomic on its own, two
 * processes failing the same expired run agree, and the insert alone decides the owner. (A
 * transaction holding SQLite's write lock across an await would stall a second connection
 * of the same process in its busy wait.)
 */
export async function claimRun(db: Db, run: NewRun, options: { leaseMs?: number } = {}): Promise<void> {
  const nowMs = Date.now()
  const now = new Date(nowMs).toISOString()
  await failExpiredRuns(db, { connectionId: run.connectionId, now: nowMs })
  try {
    await db
      .insertInto('runs')
      .values({
        id: run.id, connection_id: run.connectionId, status: 'running', mode: run.mode, trigger: run.trigger, force: run.force ? 1 : 0,
        started_at: now, finished_at: null, counts: JSON.stringify(run.counts), employers: '[]', error_code: null, error_message: null,
        heartbeat_at: now, owner: runOwner, lease_until: new Date(nowMs + (options.leaseMs ?? defaultRunLeaseMs)).toISOString(),
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
