import { sql } from 'kysely'
import { KoppelError } from '../errors.js'
import { cachedBySize, rowsPerStatement } from './cached-by-size.js'
import type { Executor, DeliveryRow } from './database.js'
import { preparedQuery } from './prepared-query.js'


export type ClaimedDelivery = Pick<DeliveryRow, 'id' | 'subscription_id' | 'message_id' | 'attempts'> & { payload: string }

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

const claimQuery = preparedQuery((db, v: ClaimValues) =>
  db
    .updateTable('deliveries')
    .set({ status: 'delivering', lease_until: v.leaseUntil })
    .where('id', 'in', (eb) =>
      eb
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
        .limit(v.limit),
    )
    .returning(['id', 'subscription_id', 'message_id', 'attempts']),
)

const payloadsQuery = cachedBySize((rows) =>
  preparedQuery((db, v: Record<string, unknown>) =>
    db
      .selectFrom('delivery_payloads')
      .select(['delivery_id', 'payload'])
      .where('delivery_id', 'in', Array.from({ length: rows }, (_, i) => v[`id_${i}`] as number)),
  ))

/** The bodies of these deliveries by id, one statement per 500. */
async function readPayloads(db: Executor, ids: readonly number[]): Promise<Map<number, string>> {
  const payloads = new Map<number, string>()
  for (let i = 0; i < ids.length; i += rowsPerStatement) {
    const chunk = ids.slice(i, i + rowsPerStatement)
    const values: Record<string, unknown> = {}
    chunk.forEach((id, j) => (values[`id_${j}`] = id))
    for (const row of (await payloadsQuery(chunk.length)(db, values)).rows) payloads.set(row.delivery_id, row.payload)
  }
  return payloads
}

/**
 * Claims up to `limit` due deliveries of one subscription in a single statement: pending
 * (never `held`), due, and not waiting behind an earlier unfinished or held delivery with the
 * same ordering key (strict order per record). On PostgreSQL the inner select takes `FOR UPDATE SKIP LOCKED`.
 * Their bodies are then read by id in one more statement on the same executor.
 */
export async function claimDeliveries(db: Executor, options: ClaimValues): Promise<ClaimedDelivery[]> {
  if (options.limit <= 0) return []
  // RETURNING gives rows in no promised order (PostgreSQL: as they lie in the table): by id, the claim's order.
  const claimed = (await claimQuery(db, options)).rows.sort((a, b) => a.id - b.id)
  if (claimed.length === 0) return []
  // Same executor: inside the caller's transaction, so the rows just claimed are visible.
  const payloads = await readPayloads(db, claimed.map((row) => row.id))
  return claimed.map((row) => {
    const payload = payloads.get(row.id)
    if (payload === undefined) throw new KoppelError('internal_error', `delivery ${row.id} has no payload`)
    return { ...row, payload }
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
