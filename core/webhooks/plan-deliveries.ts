import type { WebhookConfig } from '../../config/schema.js'
import type { OutboxMessage } from '../model/index.js'
import type { MessagePayload, NewDeliveryWithPayload } from '../storage/deliveries.js'
import type { NewDelivery } from '../storage/database.js'
import { buildPayload, maxPayloadBytes } from './build-payload.js'
import { matchesSubscription } from './match-events.js'

export interface RefusedDelivery {
  subscription: string
  messageId: string
  bytes: number
}

export interface PlanOptions {
  /**
   * Whether record mutations for `release: manual` subscriptions are planned `held`. True for
   * new mutations; a replay passes false: the operator already released them once.
   */
  holdForRelease?: boolean
}

export interface DeliveryPlan {
  /** The full body of each message that some delivery sends, once per message. */
  bodies: MessagePayload[]
  /** Deliveries that send their message's body (with their subscription's `exclude_fields`). */
  rows: NewDelivery[]
  /** Refused deliveries, each with its own stub body (the envelope and the message id). */
  refusedRows: NewDeliveryWithPayload[]
  refused: RefusedDelivery[]
}

/**
 * The delivery rows for `messages`: one per matching subscription (configured `enabled:
 * false` included: it is queued and goes out once enabled), and the message's full body,
 * stored once; each subscription's `exclude_fields` are applied when it is sent. The size
 * limit holds for the body a subscription gets: oversized ones become `refused` rows whose
 * own body is only the envelope and the message id, so the refusal stays visible in the API
 * without storing the data. Record mutations (those with a sequence) for a `release: manual`
 * subscription are `held` until released; operational events never are. Rows come grouped by
 * subscription, in message order within each: a subscription's deliveries sit together in
 * the table, so its claims and results touch few pages.
 */
export function planDeliveries(
  messages: readonly OutboxMessage[],
  webhooks: readonly WebhookConfig[],
  now: string,
  options: PlanOptions = {},
): DeliveryPlan {
  const holdForRelease = options.holdForRelease ?? true
  const bySubscription: NewDelivery[][] = webhooks.map(() => [])
  const bodies: MessagePayload[] = []
  const refusedRows: NewDeliveryWithPayload[] = []
  const refused: RefusedDelivery[] = []
  for (const message of messages) {
    let full: string | undefined
    let sent = false
    const sizes = new Map<string, number>()
    webhooks.forEach((webhook, w) => {
      if (!matchesSubscription(webhook, message)) return
      full ??= buildPayload(message)
      const key = webhook.exclude_fields.join('\n')
      let bytes = sizes.get(key)
      if (bytes === undefined) {
        bytes = Buffer.byteLength(key === '' ? full : buildPayload(message, webhook.exclude_fields))
        sizes.set(key, bytes)
      }
      const row = {
        subscription_id: webhook.id,
        message_id: message.id,
        sequence: message.sequence,
        ordering_key: message.orderingKey,
        attempts: 0,
        next_attempt_at: now,
        created_at: now,
      }
      if (bytes > maxPayloadBytes) {
        refused.push({ subscription: webhook.id, messageId: message.id, bytes })
        refusedRows.push({ ...row, status: 'refused', payload: refusedStub(message), last_error: `payload_too_large: ${bytes} bytes`, finished_at: now })
        return
      }
      const held = holdForRelease && webhook.release === 'manual' && message.sequence !== null
      bySubscription[w]!.push({ ...row, status: held ? 'held' : 'pending', last_error: null, finished_at: null })
      sent = true
    })
    if (sent) bodies.push({ message_id: message.id, payload: full! })
  }
  return { bodies, rows: bySubscription.flat(), refusedRows, refused }
}

function refusedStub(message: OutboxMessage): string {
  return JSON.stringify({ type: message.type, timestamp: message.timestamp, data: { id: message.id } })
}
