import { setImmediate as nextTurn } from 'node:timers/promises'
import type { Logger } from 'pino'
import { parseDuration, type GatewayConfig, type WebhookConfig } from '../../config/schema.js'
import { koppelMetrics, type Metrics } from '../metrics.js'
import {
  claimDeliveries,
  hasUnfinishedDeliveries,
  recordAttempts,
  releaseExpiredLeases,
  type AttemptRecord,
  type ClaimedDelivery,
  type DeliveryOutcome,
} from '../storage/deliveries.js'
import type { Transaction } from 'kysely'
import type { Database } from '../storage/database.js'
import type { Db } from '../storage/open-database.js'
import { disableSubscription, listSubscriptions, syncSubscriptions } from '../storage/subscriptions.js'
import { attemptOutcome } from './attempt-outcome.js'
import { registerDeliveryGauges } from './delivery-gauges.js'
import { createSigner } from './sign.js'
import { nodeTransport, type Transport } from '../upstream/node-transport.js'
import { sendAttempt } from './send-attempt.js'

export interface DispatcherOptions {
  db: Db
  webhooks: readonly WebhookConfig[]
  delivery: GatewayConfig['delivery']
  log: Logger
  metrics: Metrics
  /** How attempts go out. Default: node:http(s) with keep-alive (redirects are never followed). */
  transport?: Transport
  /** Added to a webhook's timeout for the claim lease; an expired lease is claimable again. Default 30 s. */
  leaseMarginMs?: number
  /** Upper bound of any retry delay, `Retry-After` included. Default 24 h. */
  maxRetryDelayMs?: number
  /** How long `stop()` waits for attempts in flight. Default 10 s. */
  stopTimeoutMs?: number
  random?: () => number
}

export interface Dispatcher {
  start(): void
  /** Stops claiming, waits (bounded) for attempts in flight and stores their results. */
  stop(): Promise<void>
  /** New deliveries were committed: look now instead of at the next poll. */
  wake(): void
  /** One claim → send → record cycle; resolves with the number of attempts made. For tests. */
  runOnce(): Promise<number>
  /** Runs cycles until no delivery of an enabled subscription is unfinished. For tests. */
  drain(options?: { timeoutMs?: number }): Promise<void>
}

type Result = { subscription: string; messageId: string; attempt: AttemptRecord; outcome: DeliveryOutcome; disable: boolean }

/**
 * Delivers the outbox. Claims due deliveries in short statements (never a transaction open
 * across HTTP), sends them in parallel up to `delivery.concurrency` overall and each
 * webhook's `concurrency`, and writes results in batches. Per (subscription, record) order is
 * enforced by the claim query, so retries of one record hold back only that record.
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { db, log } = options
  const transport = options.transport ?? nodeTransport
  const pollMs = parseDuration(options.delivery.poll_interval)
  const leaseMarginMs = options.leaseMarginMs ?? 30_000
  const maxDelayMs = options.maxRetryDelayMs ?? 86_400_000
  const { deliveries: deliveredCounter, attemptDuration } = koppelMetrics(options.metrics)
  const subs = new Map(
    options.webhooks.map((w) => [w.id, { config: w, sign: createSigner(w), timeoutMs: parseDuration(w.timeout), scheduleMs: w.retry_schedule.map(parseDuration) }]),
  )
  registerDeliveryGauges(options.metrics, db)

  const inFlight = new Map<string, number>()
  const running = new Set<Promise<void>>()
  let results: Result[] = []
  let rotation = 0
  let ready: Promise<void> | undefined
  let loop: Promise<void> | undefined
  let active = false
  let signal: (() => void) | undefined
  /** A notify() that came while the loop was busy: the next pause returns at once. */
  let woken = false
  let lastLeaseSweep = 0
  /** Disabled subscriptions, re-read every poll interval and after wake() or a 410. */
  let disabledCache: { at: number; ids: Set<string> } | undefined
  /** How many free slots are worth a claim: batching claims and result writes saves queries. */
  const maxInFlight = Math.min(options.delivery.concurrency, options.webhooks.reduce((sum, w) => sum + (w.enabled ? w.concurrency : 0), 0))
  const batchSlots = Math.max(1, Math.ceil(maxInFlight / 4))
  const claimable = () => {
    let free = 0
    for (const sub of subs.values()) if (sub.config.enabled) free += sub.config.concurrency - (inFlight.get(sub.config.id) ?? 0)
    return Math.min(free, options.delivery.concurrency - running.size)
  }

  const notify = () => {
    const resolve = signal
    signal = undefined
    if (resolve) resolve()
    else woken = true
  }

  /** Waits for notify() (an attempt finished, wake(), stop()) or the poll interval. */
  const pause = () =>
    new Promise<void>((resolve) => {
      if (woken) {
        woken = false
        return resolve()
      }
      const timer = setTimeout(notify, pollMs)
      signal = () => {
        clearTimeout(timer)
        resolve()
      }
    })

  /**
   * One write transaction per cycle: stores the finished attempts' results and claims the
   * next due deliveries (when `claimNext`). Each commit costs more than the statements in it,
   * so sharing one between results and claims halves the commits per delivery.
   */
  async function settle(claimNext: boolean): Promise<ClaimedDelivery[]> {
    if (claimNext) {
      ready ??= syncSubscriptions(db, options.webhooks).catch((error: unknown) => {
        ready = undefined
        throw error
      })
      await ready
    } else if (results.length === 0) return []
    const batch = results
    results = []
    const nowMs = Date.now()
    const now = new Date(nowMs).toISOString()
    const disabling = batch.filter((r) => r.disable)
    if (claimNext && (!disabledCache || nowMs - disabledCache.at >= pollMs)) {
      disabledCache = { at: nowMs, ids: new Set((await listSubscriptions(db)).filter((row) => row.status === 'disabled').map((row) => row.id)) }
    }
    const claimed = await db.transaction().execute(async (trx) => {
      if (batch.length > 0) await recordAttempts(trx, batch, now)
      for (const result of disabling) await disableSubscription(trx, result.subscription, 'http_410', now)
      if (!claimNext) return []
      if (nowMs - lastLeaseSweep >= pollMs) {
        lastLeaseSweep = nowMs
        await releaseExpiredLeases(trx, now)
      }
      return claim(trx, nowMs, now, new Set([...disabledCache!.ids, ...disabling.map((r) => r.subscription)]))
    })
    if (disabling.length > 0) disabledCache = undefined
    for (const result of batch) {
      if (result.outcome.status !== 'pending') deliveredCounter.inc({ subscription: result.subscription, status: result.outcome.status })
      if (result.disable) log.warn({ subscription: result.subscription, messageId: result.messageId }, 'webhook answered 410, subscription disabled')
      else if (result.outcome.status === 'failed') log.warn({ subscription: result.subscription, messageId: result.messageId, attempts: result.attempt.number, error: result.outcome.lastError }, 'webhook delivery failed')
    }
    return claimed
  }

  /** Claims for each eligible subscription in turn (rotating who goes first) up to the free slots. */
  async function claim(trx: Transaction<Database>, nowMs: number, now: string, disabled: Set<string>): Promise<ClaimedDelivery[]> {
    const eligible = [...subs.values()].filter((s) => s.config.enabled && !disabled.has(s.config.id))
    const claimed: ClaimedDelivery[] = []
    let free = options.delivery.concurrency - running.size
    for (let i = 0; i < eligible.length && free > 0; i++) {
      const sub = eligible[(rotation + i) % eligible.length]!
      const limit = Math.min(free, sub.config.concurrency - (inFlight.get(sub.config.id) ?? 0))
      const leaseUntil = new Date(nowMs + sub.timeoutMs + leaseMarginMs).toISOString()
      const rows = await claimDeliveries(trx, { subscriptionId: sub.config.id, now, leaseUntil, limit })
      claimed.push(...rows)
      free -= rows.length
    }
    rotation++
    return claimed
  }

  function launch(delivery: ClaimedDelivery): Promise<void> {
    const sub = subs.get(delivery.subscription_id)!
    const id = sub.config.id
    inFlight.set(id, (inFlight.get(id) ?? 0) + 1)
    const task = (async () => {
      const headers = sub.sign(delivery.message_id, delivery.payload)
      const response = await sendAttempt(transport, { url: sub.config.url, headers, body: delivery.payload, timeoutMs: sub.timeoutMs })
      const number = delivery.attempts + 1
      const { outcome, disable } = attemptOutcome(response, { attempts: number, scheduleMs: sub.scheduleMs, maxDelayMs, now: Date.now(), random: options.random })
      attemptDuration.observe({ subscription: id }, response.durationMs / 1000)
      const { startedAt, durationMs, statusCode, errorClass, responseBody } = response
      results.push({ subscription: id, messageId: delivery.message_id, outcome, disable, attempt: { deliveryId: delivery.id, number, startedAt, durationMs, statusCode, errorClass, responseBody } })
    })()
      .catch((error: unknown) => log.error({ err: { message: (error as Error).message }, deliveryId: delivery.id }, 'webhook attempt crashed'))
      .finally(() => {
        inFlight.set(id, (inFlight.get(id) ?? 1) - 1)
        running.delete(task)
        notify()
      })
    running.add(task)
    return task
  }

  async function cycle(): Promise<void> {
    for (const delivery of await settle(true)) void launch(delivery)
    if (!active) return
    // Until an attempt finishes, wake() is called, or the poll interval passes (due retries).
    await pause()
    // Let the other attempts that finish in this turn land, so results are written in batches;
    // while most slots are busy, wait a few ms more for a quarter of them to free up.
    await nextTurn()
    const deadline = Date.now() + 5
    while (active && running.size > 0 && claimable() < batchSlots && Date.now() < deadline) {
      await Promise.race([pause(), new Promise((resolve) => setTimeout(resolve, Math.max(1, deadline - Date.now())))])
    }
  }

  async function runOnce(): Promise<number> {
    const claimed = await settle(true)
    await Promise.all(claimed.map(launch))
    await settle(false)
    return claimed.length
  }

  async function runLoop(): Promise<void> {
    while (active) {
      try {
        await cycle()
      } catch (error) {
        log.error({ err: { message: (error as Error).message } }, 'webhook dispatcher cycle failed')
        if (active) await pause()
      }
    }
  }

  return {
    start() {
      if (active) return
      active = true
      loop = runLoop()
    },
    async stop() {
      active = false
      notify()
      await loop
      const bound = new Promise((resolve) => setTimeout(resolve, options.stopTimeoutMs ?? 10_000).unref())
      await Promise.race([Promise.allSettled([...running]), bound])
      await settle(false)
    },
    wake() {
      disabledCache = undefined
      notify()
    },
    runOnce,
    async drain({ timeoutMs = 10_000 } = {}) {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        if ((await runOnce()) > 0) continue
        const ids = [...subs.values()].filter((s) => s.config.enabled).map((s) => s.config.id)
        if (!(await hasUnfinishedDeliveries(db, ids))) return
        if (Date.now() > deadline) throw new Error('dispatcher drain timed out')
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    },
  }
}
