import { sql } from 'kysely'
import { KoppelError } from '../errors.js'
import type { Executor } from './database.js'

/**
 * Mutation sequences in commit order (DESIGN §4), from the one-row counter of migration 0011.
 *
 * `lockMutationSequence` must be the first statement of a commit transaction: on PostgreSQL
 * its row lock makes every other commit that numbers mutations wait until this one ends, so
 * a later commit always gets higher numbers and a feed reader paging `after=` never skips a
 * row that commits later with a lower number. On SQLite a write as the first statement takes
 * the database's write lock (waiting out `busy_timeout`) before the transaction reads
 * anything; a read first would pin a snapshot that a commit of another process makes stale,
 * and the first write after it would fail at once with SQLITE_BUSY instead of waiting.
 */
export async function lockMutationSequence(trx: Executor): Promise<void> {
  await trx.updateTable('sequence_counters').set({ value: sql<number>`value` }).where('name', '=', 'mutations').execute()
}

/** Hands out `count` numbers inside the caller's transaction; returns the first. */
export async function allocateMutationSequences(trx: Executor, count: number): Promise<number> {
  const row = await trx
    .updateTable('sequence_counters')
    .set({ value: sql<number>`value + ${count}` })
    .where('name', '=', 'mutations')
    .returning('value')
    .executeTakeFirst()
  if (!row) throw new KoppelError('internal_error', 'the mutation sequence counter is missing (migration 0011)')
  return Number(row.value) - count + 1
}
