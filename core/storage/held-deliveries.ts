import { sql, type Kysely, type Transaction } from 'kysely'
import { announceChange } from './change-signal.js'
import { rowsPerStatement } from './cached-by-size.js'
import type { Database, MutationRow } from './database.js'

type Executor = Kysely<Database> | Transaction<Database>

/** One page of the mutations held for a subscription, in sequence order after `after`. */
export async function selectHeldMutations(
  db: Executor,
  subscriptionId: string,
  options: { after: number; limit: number },
): Promise<MutationRow[]> {
  return db
    .selectFrom('deliveries as d')
    .innerJoin('mutations as m', 'm.id', 'd.message_id')
    .selectAll('m')
    .where('d.subscription_id', '=', subscriptionId)
    .where('d.status', '=', 'held')
    .where('d.sequence', '>', options.after)
    .orderBy('d.sequence')
    .limit(options.limit)
    .execute()
}

export interface ReleasedDelivery {
  message_id: string
  sequence: number | null
}

/**
 * Turns held deliveries of one subscription into pending ones due `now`: those selected by
 * `upToSequence` and/or `mutationIds` (both must hold; neither: all), and with each of them
 * every earlier held delivery of the same record (same ordering key, lower id), which has to
 * go first. Returns what was released; ids already released are simply not in it.
 */
export async function releaseHeldDeliveries(
  db: Executor,
  subscriptionId: string,
  options: { upToSequence?: number; mutationIds?: readonly string[]; now: string },
): Promise<ReleasedDelivery[]> {
  const release = (mutationIds: readonly string[] | undefined) => {
    let query = db
      .updateTable('deliveries')
      .set({ status: 'pending', next_attempt_at: options.now })
      .where('subscription_id', '=', subscriptionId)
      .where('status', '=', 'held')
    if (options.upToSequence !== undefined || mutationIds !== undefined) {
      query = query.where(({ exists, selectFrom }) => {
        let selected = selectFrom('deliveries as s')
          .select(sql<number>`1`.as('one'))
          .whereRef('s.subscription_id', '=', 'deliveries.subscription_id')
          .whereRef('s.ordering_key', '=', 'deliveries.ordering_key')
          .whereRef('s.id', '>=', 'deliveries.id')
          .where('s.status', '=', 'held')
        if (options.upToSequence !== undefined) selected = selected.where('s.sequence', '<=', options.upToSequence)
        if (mutationIds !== undefined) selected = selected.where('s.message_id', 'in', [...mutationIds])
        return exists(selected)
      })
    }
    return query.returning(['message_id', 'sequence']).execute()
  }
  const released: ReleasedDelivery[] = []
  if (options.mutationIds === undefined) released.push(...(await release(undefined)))
  else {
    for (let i = 0; i < options.mutationIds.length; i += rowsPerStatement) {
      released.push(...(await release(options.mutationIds.slice(i, i + rowsPerStatement))))
    }
  }
  if (released.length > 0) await announceChange(db)
  return released
}
