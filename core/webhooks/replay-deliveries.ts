import type { WebhookConfig } from '../../config/schema.js'
import { KoppelError } from '../errors.js'
import { makeDeliveriesDueNow } from '../storage/due-now.js'
import type { Db } from '../storage/open-database.js'
import { openDeliveryStatuses, selectMutationsForReplay } from '../storage/replay-mutations.js'
import { mutationMessage } from './mutation-message.js'
import { storePlan } from './outbox.js'
import { planDeliveries } from './plan-deliveries.js'
import { requireKnownMutations } from './require-known-mutations.js'

export interface ReplayRequest {
  /** Every mutation from this sequence on. */
  fromSequence?: number
  /** These mutations. With `fromSequence`, both must hold. */
  mutationIds?: readonly string[]
}

export interface ReplayResult {
  /** Mutations queued again as new deliveries (they were delivered, failed or never queued). */
  requeued: number
  /** Pending deliveries (waiting for a retry) made due now. */
  madeDue: number
  /** Mutations of a `fromSequence` range still held for release: left for `POST /release`. */
  held: number
}

const pageSize = 500

/**
 * Replays stored mutations for one subscription, as an operator means it after the consumer
 * recovered: delivered and failed ones are queued again as new delivery rows with the same
 * message id (so the same `webhook-id`) sending the message's stored body (rebuilt from the
 * mutation only when retention pruned it) with the subscription's current filters and
 * `exclude_fields`, so the same bytes as before while the configuration is unchanged;
 * pending ones are made due now; in-flight ones are left alone. Mutations the subscription does not match are skipped. Unknown ids are a 400;
 * a held mutation named by id is a 409 `delivery_held` (replay cannot pass a hold), while
 * held ones inside a `fromSequence` range are skipped and counted. One transaction: all or
 * nothing.
 */
export async function replayDeliveries(db: Db, webhook: WebhookConfig, request: ReplayRequest): Promise<ReplayResult> {
  return db.transaction().execute(async (trx) => {
    if (request.mutationIds !== undefined) await requireKnownMutations(trx, request.mutationIds)
    const named = new Set(request.mutationIds ?? [])
    const now = new Date().toISOString()
    const result: ReplayResult = { requeued: 0, madeDue: 0, held: 0 }
    let afterSequence = 0
    for (;;) {
      const rows = await selectMutationsForReplay(trx, { ...request, connections: webhook.connections, afterSequence, limit: pageSize })
      if (rows.length === 0) return result
      afterSequence = rows[rows.length - 1]!.sequence
      const open = await openDeliveryStatuses(trx, webhook.id, rows.map((row) => row.id))
      const held = rows.filter((row) => open.get(row.id) === 'held').map((row) => row.id)
      const heldNamed = held.filter((id) => named.has(id))
      if (heldNamed.length > 0) {
        throw new KoppelError('delivery_held', `held for release, release instead of replaying: ${heldNamed.slice(0, 10).join(', ')}`, {
          details: { mutationIds: heldNamed },
        })
      }
      result.held += held.length
      const pending = rows.filter((row) => open.get(row.id) === 'pending').map((row) => row.id)
      if (pending.length > 0) result.madeDue += await makeDeliveriesDueNow(trx, webhook.id, { messageIds: pending, now })
      const messages = rows.filter((row) => !open.has(row.id)).map(mutationMessage)
      const plan = planDeliveries(messages, [webhook], now, { holdForRelease: false })
      await storePlan(trx, plan)
      result.requeued += plan.rows.length
    }
  })
}
