import { parseDuration, type WebhookConfig } from '../../config/schema.js'
import type { Histogram } from '../metrics.js'
import type { ClaimedDelivery } from '../storage/claim-deliveries.js'
import type { AttemptRecord, DeliveryOutcome } from '../storage/record-attempts.js'
import type { Transport } from '../upstream/node-transport.js'
import { attemptOutcome } from './attempt-outcome.js'
import { renderPayload } from './build-payload.js'
import { sendAttempt } from './send-attempt.js'
import { createSigner } from './sign.js'

/** A finished attempt, waiting to be stored. */
export interface AttemptResult {
  subscription: string
  messageId: string
  attempt: AttemptRecord
  outcome: DeliveryOutcome
  /** The webhook answered 410: disable its subscription. */
  disable: boolean
}

export interface DeliveryTarget {
  config: WebhookConfig
  timeoutMs: number
  /**
   * Signs and sends one attempt of a claimed delivery (its message's body with this
   * webhook's `exclude_fields` applied, or its own); never throws for a failed request.
   */
  attempt(delivery: ClaimedDelivery): Promise<AttemptResult>
}

export interface TargetOptions {
  transport: Transport
  /** Upper bound of any retry delay, `Retry-After` included. */
  maxDelayMs: number
  attemptDuration: Histogram
  random?: () => number
}

/** One configured webhook as the dispatcher sends to it: its signer, timeout and retry schedule parsed once. */
export function createDeliveryTarget(config: WebhookConfig, options: TargetOptions): DeliveryTarget {
  const sign = createSigner(config)
  const timeoutMs = parseDuration(config.timeout)
  const scheduleMs = config.retry_schedule.map(parseDuration)
  const { transport, maxDelayMs, attemptDuration, random } = options
  return {
    config,
    timeoutMs,
    async attempt(delivery) {
      const body = delivery.messageBody ? renderPayload(delivery.payload, config.exclude_fields) : delivery.payload
      const headers = sign(delivery.message_id, body)
      const response = await sendAttempt(transport, { url: config.url, headers, body, timeoutMs })
      const number = delivery.attempts + 1
      const { outcome, disable } = attemptOutcome(response, { attempts: number, scheduleMs, maxDelayMs, now: Date.now(), random })
      attemptDuration.observe({ subscription: config.id }, response.durationMs / 1000)
      const { startedAt, durationMs, statusCode, errorClass, responseBody } = response
      return { subscription: config.id, messageId: delivery.message_id, outcome, disable, attempt: { deliveryId: delivery.id, number, startedAt, durationMs, statusCode, errorClass, responseBody } }
    },
  }
}
