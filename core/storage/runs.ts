import { readFileSync } from 'node:fs'
import { hostname } from 'node:os'
import type { Db } from './open-database.js'
import type { RunRow, RunStatus } from './database.js'
import { failExpiredRuns, runOwner } from './run-lease.js'
import { dropOrphanBaselineStages } from './baseline-stage.js'

export { runOwner } from './run-lease.js'

export async function updateRunProgress(db: Db, runId: string, counts: unknown, employers: unknown): Promise<void> {
  await db
    .updateTable('runs')
    .set({ counts: JSON.stringify(counts), employers: JSON.stringify(employers) })
    .where('id', '=', runId)
    .execute()
}

/**
 * Ends a running run. False when it was no longer running: its lease ran out and another
 * process failed it (`lease_expired`); that outcome stays.
 */
export async function finishRun(
  db: Db, runId: string,
  result: { status: RunStatus; counts: unknown; employers: unknown; error: { code: string; message: string } | null; mode?: string },
): Promise<boolean> {
  const updated = await db
    .updateTable('runs')
    .set({
      status: result.status, counts: JSON.stringify(result.counts), employers: JSON.stringify(result.employers),
      error_code: result.error?.code ?? null, error_message: result.error?.message ?? null,
      finished_at: new Date().toISOString(), ...(result.mode ? { mode: result.mode } : {}),
    })
    .where('id', '=', runId)
    .where('status', '=', 'running')
    .executeTakeFirst()
  return Number(updated.numUpdatedRows) > 0
}

/**
 * Runs left `running` by a process that died. Any process, at start-up: those whose lease
 * ran out (`lease_expired`, DESIGN §10; the rule that holds across hosts and replicas). With
 * `all` (start-up of the server, so a restart does not wait out the lease of its own previous
 * life): also those whose owner is certainly gone on this host (`shutdown`): a previous
 * incarnation of this process (same host and pid, as in a restarted container), a pid on this
 * host that no longer exists, or no owner recorded. A run of another host, or of a CLI sync
 * still going beside the server, keeps its run until its lease runs out.
 */
export async function failStaleRuns(db: Db, options: { all?: boolean } = {}): Promise<number> {
  const expired = await failExpiredRuns(db)
  let failed = expired.length
  if (options.all === true) {
    const running = await db.selectFrom('runs').select(['id', 'owner']).where('status', '=', 'running').execute()
    const dead = running.filter((run) => ownerGone(run.owner)).map((run) => run.id)
    for (let i = 0; i < dead.length; i += 500) {
      const result = await db
        .updateTable('runs')
        .set({ status: 'failed', error_code: 'shutdown', error_message: 'the gateway stopped while this run was going', finished_at: new Date().toISOString() })
        .where('status', '=', 'running')
        .where('id', 'in', dead.slice(i, i + 500))
        .executeTakeFirst()
      failed += Number(result.numUpdatedRows)
    }
  }
  await db.deleteFrom('staged_records').where('run_id', 'not in', db.selectFrom('runs').select('id').where('status', '=', 'running')).execute()
  await dropOrphanBaselineStages(db)
  return failed
}

/** Whether the process that owns a run is certainly not running it any more. */
function ownerGone(owner: string | null): boolean {
  if (owner === null) return true
  if (owner === runOwner) return true
  // `<host>:<pid>:<nonce>`, or `<host>:<pid>` for runs from before the lease.
  const parts = owner.split(':')
  if (parts.length >= 3 && /^[0-9a-f]{8}$/.test(parts.at(-1)!)) parts.pop()
  const pid = Number(parts.pop())
  const host = parts.join(':')
  // Another host (or container) shares the database: only its lease can tell.
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0) return false
  // This pid in an earlier life (a restarted container's PID 1): not this process (checked above).
  if (pid === process.pid) return true
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
 * (no /proc) the pid counts as alive and the lease decides.
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
