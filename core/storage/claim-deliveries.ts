import { sql } from 'kysely'
import { KoppelError } from '../errors.js'
import { rowsPerStatement } from './cached-by-size.js'
import type { Executor, DeliveryRow } from './database.js'
import { storageDialect } from './dialect.js'
import { readDeliveryBodies, type DeliveryBody } from './delivery-bodies.js'
import { preparedQuery } from './prepared-query.js'

export type ClaimedDelivery = Pick<DeliveryRow, 'id' | 'subscription_id' | 'message_id' | 'attempts'> & DeliveryBody

/** Deliveries whose lease ran out (their dispatcher died mid-attempt) become due again. */
export async function releaseExpiredLeases(db: Executor, now: string): Promise<number> {
  const result = await db
    .updateTable('deliveries')
    .set({ status: 'pending', lease_until: null })
    .where('status', '=', 'delivering')
    .where('lease_until', '<=', now)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

type ClaimValues = { subscriptionId: string; now: string; leaseUntil: string; limit: number }

/**
 * The claim, compiled once per dialect. The candidates: one subscription's pending, due
 * deliveries not waiting behind an earlier unfinished or held delivery with the same
 * ordering key, oldest due first, at most `limit`.
 *
 * SQLite: `UPDATE … WHERE id IN (candidates)`, run under the database's write lock, which
 * already admits one claimer at a time.
 *
 * PostgreSQL: the candidates are a MATERIALIZED common table expression that locks its rows
 * (`FOR UPDATE SKIP LOCKED`, so claimers pass each other instead of queueing) and is read
 * exactly once. Inside `IN (…)` the planner may re-run a `LIMIT` subquery per outer row, and
 * under SKIP LOCKED each run can find other rows: a claim of 2 took 3. The update repeats
 * `status = 'pending'`: under READ COMMITTED a row another claimer took between this
 * statement's snapshot and its lock is re-checked against the latest version.
 */
const claimQueries = {
  sqlite: preparedQuery((db, v: ClaimValues) =>
    db
      .updateTable('deliveries')
      .set({ status: 'delivering', lease_until: v.leaseUntil })
      .where('status', '=', 'pending')
      .where('id', 'in', () => claimCandidates(db, v))
      .returning(['id', 'subscription_id', 'message_id', 'attempts']),
  ),
  postgres: preparedQuery((db, v: ClaimValues) =>
    db
      .with((cte) => cte('candidates').materialized(), () => claimCandidates(db, v).forUpdate().skipLocked())
      .updateTable('deliveries')
      .set({ status: 'delivering', lease_until: v.leaseUntil })
      .from('candidates')
      .whereRef('deliveries.id', '=', 'candidates.id')
      .where('deliveries.status', '=', 'pending')
      .returning(['deliveries.id', 'deliveries.subscription_id', 'deliveries.message_id', 'deliveries.attempts']),
  ),
}

function claimCandidates(db: Executor, v: ClaimValues) {
  return db
    .selectFrom('deliveries as d')
    .select('d.id')
    .where('d.subscription_id', '=', v.subscriptionId)
    .where('d.status', '=', 'pending')
    .where('d.next_attempt_at', '<=', v.now)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('deliveries as e')
            .select(sql<number>`1`.as('one'))
            .whereRef('e.subscription_id', '=', 'd.subscription_id')
            .whereRef('e.ordering_key', '=', 'd.ordering_key')
            .whereRef('e.id', '<', 'd.id')
            // Literal values so SQLite can use the partial index `deliveries_open` (0007).
            // A held earlier delivery blocks too: a record's mutations never pass a hold.
            .where(sql<boolean>`${sql.ref('e.status')} in ('pending', 'delivering', 'held')`),
        ),
      ),
    )
    .orderBy('d.next_attempt_at')
    .orderBy('d.id')
    .limit(v.limit)
}

/**
 * Claims up to `limit` due deliveries of one subscription in a single statement: pending
 * (never `held`), due, and not waiting behind an earlier unfinished or held delivery with the
 * same ordering key (strict order per record); see `claimQueries` for what makes it safe with
 * several claimers (processes or replicas). Their bodies (their own, or their message's) are
 * then read by id in one more statement on the same executor.
 */
export async function claimDeliveries(db: Executor, options: ClaimValues): Promise<ClaimedDelivery[]> {
  if (options.limit <= 0) return []
  // RETURNING gives rows in no promised order (PostgreSQL: as they lie in the table): by id, the claim's order.
  const claimed = (await claimQueries[storageDialect(db)](db, options)).rows.sort((a, b) => a.id - b.id)
  if (claimed.length === 0) return []
  // Same executor: inside the caller's transaction, so the rows just claimed are visible.
  const bodies = await readDeliveryBodies(db, claimed.map((row) => row.id))
  return claimed.map((row) => {
    const body = bodies.get(row.id)
    if (body === undefined) throw new KoppelError('internal_error', `delivery ${row.id} has no payload`)
    return { ...row, ...body }
  })
}

/**
 * Gives claimed deliveries that were never sent back to the queue (the dispatcher stopped,
 * or their subscription was disabled while they waited for a slot): pending, no lease.
 */
export async function releaseClaims(db: Executor, ids: readonly number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += rowsPerStatement) {
    await db
      .updateTable('deliveries')
      .set({ status: 'pending', lease_until: null })
      .where('status', '=', 'delivering')
      .where('id', 'in', ids.slice(i, i + rowsPerStatement))
      .execute()
  }
}
