/**
 * Commits one mutation and its delivery in one transaction, as a sync commit does; shared by
 * the idle-latency benchmark and the writer process it starts. Returns the commit time (epoch ms).
 */
import { newId } from '../core/ids.js'
import type { Db } from '../core/storage/open-database.js'
import { allocateMutationSequences, lockMutationSequence } from '../core/storage/sequence-counter.js'
import { mutationMessage } from '../core/webhooks/mutation-message.js'
import type { Outbox } from '../core/webhooks/outbox.js'


export async function commitOne(db: Db, outbox: Outbox, label: string): Promise<number> {
  await db.transaction().execute(async (trx) => {
    await lockMutationSequence(trx)
    const sequence = await allocateMutationSequences(trx, 1)
    const row = await trx.insertInto('mutations').values({
      sequence, id: newId('mut'), connection_id: 'bench', connector: 'synthetic', employer_id: 'er-1', entity: 'employee', record_id: label,
      operation: 'updated', run_id: 'run_idle', changes: '[{"path":"x","before":1,"after":2}]', record: '{"x":2}', previous: '{"x":1}', created_at: new Date().toISOString(),
    }).returningAll().executeTakeFirstOrThrow()
    await outbox.enqueue(trx, [mutationMessage(row)])
  })
  return performance.timeOrigin + performance.now()
}
