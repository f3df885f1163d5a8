import { rowsPerStatement } from './cached-by-size.js'
import type { Executor, MutationRow } from './database.js'


/**
 * A page of stored mutations to replay, in sequence order: those with `sequence >=
 * fromSequence` and/or the listed ids, optionally only of some connections.
 */
export async function selectMutationsForReplay(
  db: Executor,
  options: { fromSequence?: number; mutationIds?: readonly string[]; connections?: readonly string[]; afterSequence: number; limit: number },
): Promise<MutationRow[]> {
  let query = db.selectFrom('mutations').selectAll().where('sequence', '>', options.afterSequence)
  if (options.fromSequence !== undefined) query = query.where('sequence', '>=', options.fromSequence)
  if (options.mutationIds !== undefined) query = query.where('id', 'in', options.mutationIds.length ? [...options.mutationIds] : [''])
  if (options.connections !== undefined) query = query.where('connection_id', 'in', options.connections.length ? [...options.connections] : [''])
  return query.orderBy('sequence').limit(options.limit).execute()
}

/** Which of these ids are stored mutations. */
export async function existingMutationIds(db: Executor, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>()
  for (let i = 0; i < ids.length; i += rowsPerStatement) {
    const rows = await db.selectFrom('mutations').select('id').where('id', 'in', ids.slice(i, i + rowsPerStatement)).execute()
    for (const row of rows) found.add(row.id)
  }
  return found
}

export type OpenDeliveryStatus = 'pending' | 'delivering' | 'held'

/**
 * The open (not finished) delivery of each of these messages for the subscription: pending,
 * in flight or held. A message has at most one open delivery per subscription.
 */
export async function openDeliveryStatuses(db: Executor, subscriptionId: string, messageIds: readonly string[]): Promise<Map<string, OpenDeliveryStatus>> {
  const open = new Map<string, OpenDeliveryStatus>()
  for (let i = 0; i < messageIds.length; i += rowsPerStatement) {
    const rows = await db
      .selectFrom('deliveries')
      .select(['message_id', 'status'])
      .where('subscription_id', '=', subscriptionId)
      .where('message_id', 'in', messageIds.slice(i, i + rowsPerStatement))
      .where('status', 'in', ['pending', 'delivering', 'held'])
      .execute()
    for (const row of rows) open.set(row.message_id, row.status as OpenDeliveryStatus)
  }
  return open
}
