import { sql, type Transaction } from 'kysely'
import type { Database } from './database.js'
import type { Db } from './open-database.js'

/** Where a pass over a table is: the last key looked at, and whether the pass is over. */
export interface PruneStep {
  pruned: number
  /** Pass this back as `after` for the next batch. */
  after: number
  /** Nothing older than the cutoff is left to look at. */
  done: boolean
}

/**
 * Statuses after which a delivery is finished for good. Written as the list of what may go
 * (not of what must stay), so a status added later (`held`) is kept until it is listed here.
 */
export const finishedDeliveryStatuses = ['delivered', 'refused'] as const

/**
 * One batch of delivery retention: looks at the next `limit` deliveries by id after `after`
 * and deletes those finished before `cutoff` (ISO), with their attempts and bodies (a
 * message's shared body once its last delivery is gone), in one
 * short transaction. Finished means delivered or refused; a failed delivery only once it was
 * replayed (a newer delivery of the same message to the same subscription exists) or when it
 * carried an operational event (those cannot be replayed). A failed and unreplayed mutation
 * delivery stays: it is what an operator replays, and it keeps its mutation in the feed.
 *
 * Ids grow with time, so the pass stops at the first delivery created after the cutoff, and
 * each batch reads at most `limit` rows whatever the table holds. The read and the deletes
 * share the transaction, so a row that a replay requeues meanwhile is seen as it is now.
 */
export async function pruneDeliveryBatch(db: Db, options: { cutoff: string; after: number; limit: number }): Promise<PruneStep> {
  return db.transaction().execute((trx) => pruneDeliveries(trx, options))
}

async function pruneDeliveries(trx: Transaction<Database>, { cutoff, after, limit }: { cutoff: string; after: number; limit: number }): Promise<PruneStep> {
  const rows = await trx
    .selectFrom('deliveries as d')
    .select(['d.id', 'd.message_id', 'd.status', 'd.sequence', 'd.created_at', 'd.finished_at'])
    .select(sql<number>`EXISTS (SELECT 1 FROM deliveries AS later WHERE later.message_id = d.message_id
      AND later.subscription_id = d.subscription_id AND later.id > d.id)`.as('replayed'))
    .where('d.id', '>', after)
    .orderBy('d.id')
    .limit(limit)
    .execute()
  const young = rows.findIndex((row) => row.created_at >= cutoff)
  const seen = young === -1 ? rows : rows.slice(0, young)
  const prunable = seen
    .filter((row) => (row.finished_at ?? row.created_at) < cutoff)
    .filter((row) => (finishedDeliveryStatuses as readonly string[]).includes(row.status)
      || (row.status === 'failed' && (Number(row.replayed) === 1 || row.sequence === null)))
  if (prunable.length > 0) {
    const ids = prunable.map((row) => row.id)
    await trx.deleteFrom('delivery_attempts').where('delivery_id', 'in', ids).execute()
    await trx.deleteFrom('delivery_payloads').where('delivery_id', 'in', ids).execute()
    await trx.deleteFrom('deliveries').where('id', 'in', ids).execute()
    // A message's body goes with its last delivery.
    await trx
      .deleteFrom('message_payloads')
      .where('message_id', 'in', [...new Set(prunable.map((row) => row.message_id))])
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('deliveries').select('id').whereRef('deliveries.message_id', '=', 'message_payloads.message_id'))))
      .execute()
  }
  return { pruned: prunable.length, after: seen.at(-1)?.id ?? after, done: young !== -1 || rows.length < limit }
}
