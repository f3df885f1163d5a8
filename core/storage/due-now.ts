import type { Kysely, Transaction } from 'kysely'
import { rowsPerStatement } from './cached-by-size.js'
import type { Database } from './database.js'

type Executor = Kysely<Database> | Transaction<Database>

/**
 * Makes a subscription's pending deliveries due at `now` (all of them, or those of these
 * messages): what an operator means by replaying or re-enabling after the consumer
 * recovered, instead of waiting out a retry delay of up to a day. Held, in-flight and
 * finished deliveries are left alone. Returns how many were rescheduled.
 */
export async function makeDeliveriesDueNow(
  db: Executor,
  subscriptionId: string,
  options: { messageIds?: readonly string[]; now: string },
): Promise<number> {
  const update = async (messageIds: readonly string[] | undefined) => {
    let query = db
      .updateTable('deliveries')
      .set({ next_attempt_at: options.now })
      .where('subscription_id', '=', subscriptionId)
      .where('status', '=', 'pending')
    if (messageIds !== undefined) query = query.where('message_id', 'in', [...messageIds])
    return Number((await query.executeTakeFirst()).numUpdatedRows)
  }
  if (options.messageIds === undefined) return update(undefined)
  let count = 0
  for (let i = 0; i < options.messageIds.length; i += rowsPerStatement) {
    const chunk = options.messageIds.slice(i, i + rowsPerStatement)
    if (chunk.length > 0) count += await update(chunk)
  }
  return count
}
