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

/** Which of these messages already have an unfinished delivery for the subscription. */
export async function unfinishedMessageIds(db: Executor, subscriptionId: string, messageIds: readonly string[]): Promise<Set<string>> {
  if (messageIds.length === 0) return new Set()
  const rows = await db
    .selectFrom('deliveries')
    .select('message_id')
    .where('subscription_id', '=', subscriptionId)
    .where('message_id', 'in', [...messageIds])
    .where('status', 'in', ['pending', 'delivering'])
    .execute()
  return new Set(rows.map((row) => row.message_id))
}
