import { sql, type Transaction } from 'kysely'
import type { Database } from './database.js'
import { storageDialect } from './dialect.js'
import type { Db } from './open-database.js'
import type { PruneStep } from './prune-deliveries.js'

/**
 * A delivery of message `m.id` that still needs it: anything not delivered or refused (pending,
 * delivering, held, or a status added later), except a failed one that was replayed since.
 */
const stillNeeded = sql<number>`EXISTS (SELECT 1 FROM deliveries AS d WHERE d.message_id = m.id
  AND d.status NOT IN ('delivered', 'refused')
  AND NOT (d.status = 'failed' AND EXISTS (SELECT 1 FROM deliveries AS later WHERE later.message_id = d.message_id
    AND later.subscription_id = d.subscription_id AND later.id > d.id)))`

/**
 * One batch of feed retention: looks at the next `limit` mutations by sequence after `after`
 * and deletes those created before `cutoff` that no delivery still needs (DESIGN §6: never
 * while a delivery of it is pending, held or failed and not replayed). In the same
 * transaction the watermark of each (connection, entity) moves up to the highest sequence
 * pruned, so the feed can answer `410 feed_truncated` from then on. Sequences grow with
 * time: the pass stops at the first mutation created after the cutoff. The newest may go
 * too: sequences come from a counter that never hands a number out twice (migration 0011).
 */
export async function pruneMutationBatch(db: Db, options: { cutoff: string; after: number; limit: number }): Promise<PruneStep> {
  return db.transaction().execute((trx) => pruneMutations(trx, options))
}

async function pruneMutations(trx: Transaction<Database>, { cutoff, after, limit }: { cutoff: string; after: number; limit: number }): Promise<PruneStep> {
  const rows = await trx
    .selectFrom('mutations as m')
    .select(['m.sequence', 'm.connection_id', 'm.entity', 'm.created_at'])
    .select(stillNeeded.as('needed'))
    .where('m.sequence', '>', after)
    .orderBy('m.sequence')
    .limit(limit)
    .execute()
  const young = rows.findIndex((row) => row.created_at >= cutoff)
  const seen = young === -1 ? rows : rows.slice(0, young)
  const prunable = seen.filter((row) => Number(row.needed) === 0)
  if (prunable.length > 0) {
    await trx.deleteFrom('mutations').where('sequence', 'in', prunable.map((row) => row.sequence)).execute()
    const highest = new Map<string, { connection_id: string; entity: string; pruned_through: number }>()
    for (const row of prunable) {
      const key = `${row.connection_id}\u0000${row.entity}`
      const mark = highest.get(key)
      if (!mark || mark.pruned_through < row.sequence) highest.set(key, { connection_id: row.connection_id, entity: row.entity, pruned_through: row.sequence })
    }
    await trx
      .insertInto('feed_watermarks')
      .values([...highest.values()])
      .onConflict((oc) => oc.columns(['connection_id', 'entity']).doUpdateSet({
        pruned_through: storageDialect(trx) === 'postgres'
          ? sql`GREATEST(feed_watermarks.pruned_through, excluded.pruned_through)`
          : sql`MAX(feed_watermarks.pruned_through, excluded.pruned_through)`,
      }))
      .execute()
  }
  return { pruned: prunable.length, after: seen.at(-1)?.sequence ?? after, done: young !== -1 || rows.length < limit }
}

/**
 * One batch of operational-event retention (`sync.*`, `connection.*`; not in the feed), on
 * the mutations window: an event goes once no delivery of it is pending, delivering or held.
 * A failed event delivery does not keep it (events cannot be replayed).
 */
export async function pruneEventBatch(db: Db, options: { cutoff: string; after: number; limit: number }): Promise<PruneStep> {
  const { cutoff, after, limit } = options
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('events as e')
      .select(['e.sequence', 'e.created_at'])
      .select(sql<number>`EXISTS (SELECT 1 FROM deliveries AS d WHERE d.message_id = e.id
        AND d.status NOT IN ('delivered', 'refused', 'failed'))`.as('needed'))
      .where('e.sequence', '>', after)
      .orderBy('e.sequence')
      .limit(limit)
      .execute()
    const young = rows.findIndex((row) => row.created_at >= cutoff)
    const seen = young === -1 ? rows : rows.slice(0, young)
    const prunable = seen.filter((row) => Number(row.needed) === 0).map((row) => row.sequence)
    if (prunable.length > 0) await trx.deleteFrom('events').where('sequence', 'in', prunable).execute()
    return { pruned: prunable.length, after: seen.at(-1)?.sequence ?? after, done: young !== -1 || rows.length < limit }
  })
}
