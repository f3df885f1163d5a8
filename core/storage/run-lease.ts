import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { sql } from 'kysely'
import type { Executor } from './database.js'
import { storageDialect } from './dialect.js'
import { dropOrphanBaselineStages } from './baseline-stage.js'

/** `storage.run_lease` when the YAML leaves it out (DESIGN §10). */
export const defaultRunLeaseMs = 30_000

/**
 * This process, as recorded in `runs.owner`: `<hostname>:<pid>:<random>`. The random part
 * tells a restarted process that reuses a pid (PID 1 in a container) from its previous life.
 */
export const runOwner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`

/**
 * Renews the lease of a run this process owns (DESIGN §10): `lease_until` moves to now +
 * `leaseMs`. False when the run is no longer ours to renew: it finished, or its lease ran
 * out and another process failed it (`lease_expired`). Inside a commit transaction this is
 * the fence that keeps a run that lost its lease from committing: on PostgreSQL the row lock
 * also makes a concurrent expiry wait for the commit and then see the renewed lease. A lease
 * never moves back: a renewal that waited for a commit (which renewed it later) keeps that one.
 *
 * `held`: the caller's transaction already passed the fence and holds the run's row, so the
 * lease is renewed whatever its time. At the end of an employer's commit that took longer
 * than the lease (a large apply), the lease is then good from the commit on; otherwise the
 * heartbeat, which waited for the row, would find it expired and stop the run.
 */
export async function renewRunLease(db: Executor, runId: string, leaseMs: number, options: { now?: number; held?: boolean } = {}): Promise<boolean> {
  const now = options.now ?? Date.now()
  const until = new Date(now + leaseMs).toISOString()
  const later = storageDialect(db) === 'postgres' ? sql<string>`GREATEST(lease_until, ${until})` : sql<string>`max(lease_until, ${until})`
  let renew = db
    .updateTable('runs')
    .set({ lease_until: later, heartbeat_at: new Date(now).toISOString() })
    .where('id', '=', runId)
    .where('status', '=', 'running')
  if (!options.held) renew = renew.where('lease_until', '>', new Date(now).toISOString())
  const result = await renew.executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/**
 * Fails running runs whose lease ran out (their process died or lost the database) with
 * `lease_expired`, and drops their staged records and PostgreSQL baseline stages; of one
 * connection, or of all. Every process may call it at any time: two doing it at once agree,
 * since each row changes once.
 */
export async function failExpiredRuns(db: Executor, options: { connectionId?: string; now?: number } = {}): Promise<string[]> {
  const now = new Date(options.now ?? Date.now()).toISOString()
  let query = db
    .updateTable('runs')
    .set({ status: 'failed', error_code: 'lease_expired', error_message: 'the process running it stopped renewing its lease', finished_at: now })
    .where('status', '=', 'running')
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
  if (options.connectionId !== undefined) query = query.where('connection_id', '=', options.connectionId)
  const failed = (await query.returning('id').execute()).map((row) => row.id)
  for (let i = 0; i < failed.length; i += 500) {
    await db.deleteFrom('staged_records').where('run_id', 'in', failed.slice(i, i + 500)).execute()
  }
  if (failed.length > 0) await dropOrphanBaselineStages(db)
  return failed
}

