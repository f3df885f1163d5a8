import type { Transaction } from 'kysely'
import type { Logger } from 'pino'
import type { WebhookConfig } from '../../config/schema.js'
import { koppelMetrics, type Metrics } from '../metrics.js'
import type { OutboxMessage } from '../model/index.js'
import type { Database, Executor } from '../storage/database.js'
import { insertDeliveries, insertMessageDeliveries } from '../storage/deliveries.js'
import { planDeliveries, type DeliveryPlan } from './plan-deliveries.js'

/** What the sync engine (and `recordEvent`) write through, inside their own transaction. */
export interface Outbox {
  /** Writes the delivery rows for these messages inside the caller's transaction. */
  enqueue(trx: Transaction<Database>, messages: readonly OutboxMessage[]): Promise<void>
}

export interface OutboxOptions {
  webhooks: readonly WebhookConfig[]
  log: Logger
  metrics: Metrics
}

/**
 * The durable outbox: one `deliveries` row per message and matching subscription, and one
 * stored body per message (`storePlan`), written
 * in the caller's transaction so deliveries commit or roll back with the data they carry.
 * The dispatcher picks them up once the transaction commits (call `dispatcher.wake()`).
 */
export function createOutbox(options: OutboxOptions): Outbox {
  const { deliveries } = koppelMetrics(options.metrics)
  return {
    async enqueue(trx, messages) {
      if (messages.length === 0 || options.webhooks.length === 0) return
      const plan = planDeliveries(messages, options.webhooks, new Date().toISOString())
      for (const refused of plan.refused) {
        // The mutation id only: the payload is personal data.
        options.log.error({ messageId: refused.messageId, subscription: refused.subscription, bytes: refused.bytes }, 'webhook payload too large, refused')
        deliveries.inc({ subscription: refused.subscription, status: 'refused' })
      }
      await storePlan(trx, plan)
    },
  }
}

/** Writes a plan's bodies and rows (in the caller's transaction). */
export async function storePlan(trx: Executor, plan: DeliveryPlan): Promise<void> {
  await insertMessageDeliveries(trx, plan.bodies, plan.rows)
  await insertDeliveries(trx, plan.refusedRows)
}
