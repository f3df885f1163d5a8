import type { DeliveryOutcome } from '../storage/deliveries.js'
import { retryDelay } from './retry-delay.js'
import type { AttemptResponse } from './send-attempt.js'

export interface OutcomeContext {
  /** Attempts made so far, this one included. */
  attempts: number
  scheduleMs: readonly number[]
  maxDelayMs: number
  now: number
  random?: () => number
}

/**
 * What an attempt means for its delivery (DESIGN.md §7): 2xx delivered; `410 Gone` disables
 * the subscription and puts the delivery back (it goes once re-enabled); anything else,
 * redirects included, is retried on the schedule until it runs out and the delivery fails.
 */
export function attemptOutcome(response: AttemptResponse, context: OutcomeContext): { outcome: DeliveryOutcome; disable: boolean } {
  if (response.errorClass === null) return { outcome: { status: 'delivered' }, disable: false }
  const lastError = response.errorClass
  if (response.statusCode === 410) {
    return { outcome: { status: 'pending', nextAttemptAt: new Date(context.now).toISOString(), lastError }, disable: true }
  }
  const delay = retryDelay({ scheduleMs: context.scheduleMs, attempts: context.attempts, retryAfterMs: response.retryAfterMs, maxDelayMs: context.maxDelayMs, random: context.random })
  if (delay === null) return { outcome: { status: 'failed', lastError }, disable: false }
  return { outcome: { status: 'pending', nextAttemptAt: new Date(context.now + delay).toISOString(), lastError }, disable: false }
}
