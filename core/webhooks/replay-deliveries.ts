import type { WebhookConfig } from '../../config/schema.js'
import { insertDeliveries } from '../storage/deliveries.js'
import type { Db } from '../storage/open-database.js'
import { selectMutationsForReplay, unfinishedMessageIds } from '../storage/replay-mutations.js'
import { mutationMessage } from './mutation-message.js'
import { planDeliveries } from './plan-deliveries.js'

export interface ReplayRequest {
  /** Every mutation from this sequence on. */
  fromSequence?: number
  /** These mutations. With `fromSequence`, both must hold. */
  mutationIds?: readonly string[]
}

const pageSize = 500

/**
 * Queues stored mutations again for one subscription, as new delivery rows with the same
 * message id (so the same `webhook-id`) and a payload rebuilt with the subscription's
 * current filters and `exclude_fields`. Mutations the subscription does not match, and those
 * already waiting for delivery to it, are skipped. One transaction: all or nothing.
 */
export async function replayDeliveries(db: Db, webhook: WebhookConfig, request: ReplayRequest): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let requeued = 0
    let afterSequence = 0
    for (;;) {
      const rows = await selectMutationsForReplay(trx, { ...request, connections: webhook.connections, afterSequence, limit: pageSize })
      if (rows.length === 0) return requeued
      afterSequence = rows[rows.length - 1]!.sequence
      const open = await unfinishedMessageIds(trx, webhook.id, rows.map((row) => row.id))
      const messages = rows.filter((row) => !open.has(row.id)).map(mutationMessage)
      const plan = planDeliveries(messages, [webhook], new Date().toISOString())
      await insertDeliveries(trx, plan.rows)
      requeued += plan.rows.filter((row) => row.status === 'pending').length
    }
  })
}
