// Placeholder until the webhook work lands: the interface the sync engine writes through.
import type { Transaction } from 'kysely'
import type { OutboxMessage } from '../model/index.js'
import type { Database } from '../storage/database.js'

export interface Outbox {
  /** Writes the delivery rows for these messages inside the caller's transaction. */
  enqueue(trx: Transaction<Database>, messages: readonly OutboxMessage[]): Promise<void>
}
