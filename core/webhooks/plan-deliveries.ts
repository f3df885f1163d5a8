import type { WebhookConfig } from '../../config/schema.js'
import type { OutboxMessage } from '../model/index.js'
import type { NewDeliveryWithPayload } from '../storage/deliveries.js'
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
  rows: NewDeliveryWithPayload[]
  refused: RefusedDelivery[]
}

/**
 * The delivery rows for `messages`: one per matching subscription (configured `enabled:
 * false` included: it is queued and goes out once enabled). The body is serialized once per
 * message and distinct `exclude_fields` list. Oversized bodies become `refused` rows whose
 * payload is only the envelope and the message id, so the refusal stays visible in the API
 * without storing the data. Record mutations (those with a sequence) for a `release: manual`
 * subscription are `held` until released; operational events never are.
 */
export function planDeliveries(
  messages: readonly OutboxMessage[],
  webhooks: readonly WebhookConfig[],
  now: string,
  options: PlanOptions = {},
): DeliveryPlan {
  const holdForRelease = options.holdForRelease ?? true
  const rows: NewDeliveryWithPayload[] = []
  const refused: RefusedDelivery[] = []
  for (const message of messages) {
    const payloads = new Map<string, { body: string; bytes: number }>()
    for (const webhook of webhooks) {
      if (!matchesSubscription(webhook, message)) continue
      const key = webhook.exclude_fields.join('\n')
      let payload = payloads.get(key)
      if (!payload) {
        const body = buildPayload(message, webhook.exclude_fields)
        payload = { body, bytes: Buffer.byteLength(body) }
        payloads.set(key, payload)
      }
      const tooLarge = payload.bytes > maxPayloadBytes
      if (tooLarge) refused.push({ subscription: webhook.id, messageId: message.id, bytes: payload.bytes })
      const held = holdForRelease && webhook.release === 'manual' && message.sequence !== null
      rows.push({
        subscription_id: webhook.id,
        message_id: message.id,
        sequence: message.sequence,
        ordering_key: message.orderingKey,
        status: tooLarge ? 'refused' : held ? 'held' : 'pending',
        payload: tooLarge ? refusedStub(message) : payload.body,
        attempts: 0,
        next_attempt_at: now,
        last_error: tooLarge ? `payload_too_large: ${payload.bytes} bytes` : null,
        created_at: now,
        finished_at: tooLarge ? now : null,
      })
    }
  }
  return { rows, refused }
}

function refusedStub(message: OutboxMessage): string {
  return JSON.stringify({ type: message.type, timestamp: message.timestamp, data: { id: message.id } })
}
