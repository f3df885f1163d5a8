import type { Transaction } from 'kysely'
import { newId } from './ids.js'
import type { OperationalEventType } from './model/index.js'
import type { Database, Executor } from './storage/database.js'
import type { Outbox } from './webhooks/outbox.js'

export interface EventInput {
  type: OperationalEventType
  connection: string | null
  /** Non-personal facts: ids, counts, codes. */
  data: Record<string, unknown>
}

/**
 * Stores an operational event and its deliveries in one transaction (inside `trx` when the
 * caller already has one, so the event commits or rolls back with the data it describes).
 */
export async function recordEvent(db: Executor, outbox: Outbox, input: EventInput): Promise<string> {
  const id = newId('evt')
  const timestamp = new Date().toISOString()
  const data = { id, connection: input.connection, ...input.data }
  const write = async (trx: Transaction<Database>) => {
    const row = await trx
      .insertInto('events')
      .values({ id, type: input.type, connection_id: input.connection, data: JSON.stringify(data), created_at: timestamp })
      .returning('sequence')
      .executeTakeFirstOrThrow()
    await outbox.enqueue(trx, [
      { id, type: input.type, timestamp, connection: input.connection, sequence: null, orderingKey: `event/${input.connection ?? '-'}/${row.sequence}`, data },
    ])
  }
  if (db.isTransaction) await write(db as Transaction<Database>)
  else await db.transaction().execute(write)
  return id
}
