import { readFileSync } from 'node:fs'
import { hostname } from 'node:os'
import type { Db } from './open-database.js'
import type { RunRow, RunStatus } from './database.js'

/** This process, as recorded in `runs.owner`. */
export const runOwner = `${hostname()}:${process.pid}`

/** A running run whose heartbeat is older than this is considered dead (its process crashed). */
export const staleRunMs = 2 * 60_000

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

/**
 * Runs left `running` by a process that died: failed with code `shutdown`. A run is dead when
 * its heartbeat is stale. With `all` (start-up of the server, the only long-running process
 * of a database) also when its owner is known to be gone: this very process (a previous
 * incarnation with the same pid, as in a restarted container), a pid on this host that no
 * longer exists, or no owner recorded. A CLI sync still going beside the server keeps its
 * run and its staged records.
 */
export async function failStaleRuns(db: Db, options: { all?: boolean } = {}): Promise<number> {
  const freshSince = new Date(Date.now() - staleRunMs).toISOString()
  const running = await db.selectFrom('runs').select(['id', 'owner', 'heartbeat_at']).where('status', '=', 'running').execute()
  const dead = running.filter((run) => run.heartbeat_at <= freshSince || (options.all === true && ownerGone(run.owner))).map((run) => run.id)
  let failed = 0
  for (let i = 0; i < dead.length; i += 500) {
    const result = await db
      .updateTable('runs')
      .set({ status: 'failed', error_code: 'shutdown', error_message: 'the gateway stopped while this run was going', finished_at: new Date().toISOString() })
      .where('status', '=', 'running')
      .where('id', 'in', dead.slice(i, i + 500))
      .executeTakeFirst()
    failed += Number(result.numUpdatedRows)
  }
  await db.deleteFrom('staged_records').where('run_id', 'not in', db.selectFrom('runs').select('id').where('status', '=', 'running')).execute()
  return failed
}

/** Whether the process that owns a run is certainly not running it any more. */
function ownerGone(owner: string | null): boolean {
  if (owner === null) return true
  if (owner === runOwner) return true
  const at = owner.lastIndexOf(':')
  const host = owner.slice(0, at)
  const pid = Number(owner.slice(at + 1))
  // Another host (or container) shares the database: only its heartbeat can tell.
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
  } catch (error) {
    // EPERM: the pid exists but belongs to another user; count it as alive.
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
  return isZombie(pid)
}

/**
 * An exited process not yet reaped by its parent still answers `kill(pid, 0)`; under a
 * container's PID 1 that may last a while. Linux shows it as state Z in /proc; elsewhere
 * (no /proc) the pid counts as alive and the heartbeat rule decides.
 */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)
    return state === 'Z' || state === 'X'
  } catch {
    return false
  }
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
