/**
 * Commits `count` address mutations and their deliveries in one transaction, as a sync run
 * does (500 per statement), for the delivery benchmarks. Returns the highest delivery id
 * before them: the round's deliveries are those above it.
 */
import { newId } from '../core/ids.js'
import type { Db } from '../core/storage/open-database.js'
import { mutationMessage } from '../core/webhooks/mutation-message.js'
import type { Outbox } from '../core/webhooks/outbox.js'

export async function enqueueMutations(db: Db, outbox: Outbox, count: number, round: number): Promise<number> {
  const before = (await db.selectFrom('deliveries').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst())?.max ?? 0
  await db.transaction().execute(async (trx) => {
    const rows = Array.from({ length: count }, (_, i) => ({
      id: newId('mut'), connection_id: 'bench', connector: 'synthetic', employer_id: 'er-1', entity: 'employee', record_id: `emp-${round}-${i}`,
      operation: 'updated' as const, run_id: `run_bench_${round}`, changes: JSON.stringify([{ path: 'address.street', before: 'Voordijk', after: 'Breestraat' }]),
      record: JSON.stringify({ id: `emp-${i}`, address: { street: 'Breestraat' } }), previous: JSON.stringify({ id: `emp-${i}`, address: { street: 'Voordijk' } }),
      created_at: new Date().toISOString(),
    }))
    for (let i = 0; i < rows.length; i += 500) {
      const inserted = await trx.insertInto('mutations').values(rows.slice(i, i + 500)).returningAll().execute()
      await outbox.enqueue(trx, inserted.map(mutationMessage))
    }
  })
  return Number(before)
}
