import { setImmediate as nextTurn } from 'node:timers/promises'
import type { Logger } from 'pino'
import { parseDuration, type GatewayConfig, type WebhookConfig } from '../../config/schema.js'
import { koppelMetrics, type Metrics } from '../metrics.js'
import {
  claimDeliveries,
  hasUnfinishedDeliveries,
  recordAttempts,
  releaseClaims,
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
  /**
   * Returns once no delivery of an enabled subscription is unfinished: runs cycles itself, or
   * while started, waits for the loop. For tests, the CLI and the benchmark.
   */
  drain(options?: { timeoutMs?: number }): Promise<void>
}

type Result = { subscription: string; messageId: string; attempt: AttemptRecord; outcome: DeliveryOutcome; disable: boolean }
type Sub = { config: WebhookConfig; sign: ReturnType<typeof createSigner>; timeoutMs: number; scheduleMs: number[] }
/** A claimed delivery waiting for a slot; `sendBy` is the last start that still ends inside its lease. */
type Queued = ClaimedDelivery & { sendBy: number }

/** Unwritten results older than this are stored even when few (keeps `status` current). */
const resultDelayMs = 10

/**
 * Delivers the outbox. Claims due deliveries in short transactions (never one open across
 * HTTP) and keeps a backlog of claimed ones in memory, so freed slots are refilled without a
 * query each time and claims come in batches. Requests go out in bursts once a quarter of the
 * slots is free (fewer wake-ups on both ends than one request per completion). Results are
 * stored in the same transaction as the next claim. Attempts run in parallel up to
 * `delivery.concurrency` overall and each webhook's `concurrency`. Per (subscription,
 * record) order is enforced by the claim query, so retries of one record hold back only it.
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { db, log } = options
  const transport = options.transport ?? nodeTransport
  const pollMs = parseDuration(options.delivery.poll_interval)
  const leaseMarginMs = options.leaseMarginMs ?? 30_000
  const maxDelayMs = options.maxRetryDelayMs ?? 86_400_000
  const { deliveries: deliveredCounter, attemptDuration } = koppelMetrics(options.metrics)
  const subs = new Map<string, Sub>(
    options.webhooks.map((w) => [w.id, { config: w, sign: createSigner(w), timeoutMs: parseDuration(w.timeout), scheduleMs: w.retry_schedule.map(parseDuration) }]),
  )
  const longestTimeoutMs = Math.max(0, ...[...subs.values()].map((sub) => sub.timeoutMs))
  registerDeliveryGauges(options.metrics, db)

  const inFlight = new Map<string, number>()
  const queuedBySub = new Map<string, number>()
  const queue: Queued[] = []
  const running = new Set<Promise<void>>()
  let results: Result[] = []
  let oldestResultAt = 0
  /** Claimed deliveries that will not be sent by this dispatcher; released at the next settle. */
  let unsent: number[] = []
  let rotation = 0
  let ready: Promise<void> | undefined
  let loop: Promise<void> | undefined
  let active = false
  let signal: (() => void) | undefined
  /** A notify() that came while the loop was busy: the next pause returns at once. */
  let woken = false
  /** wake() was called: claim now. */
  let kicked = false
  /** The last claim got all it asked for, so more may be due at once. */
  let moreDue = true
  let lastSettle = 0
  let lastLeaseSweep = 0
  /** Disabled subscriptions, re-read every poll interval and after wake(); a 410 adds at once. */
  let disabledCache: { at: number; ids: Set<string> } | undefined
  const maxInFlight = Math.max(1, Math.min(options.delivery.concurrency, options.webhooks.reduce((sum, w) => sum + (w.enabled ? w.concurrency : 0), 0)))
  /** Refill the backlog when it is down to this many, so claims come in batches. */
  const lowWater = Math.floor(maxInFlight / 4)
  /** Free slots worth a burst of requests. */
  const batchSlots = Math.max(1, Math.ceil(maxInFlight / 4))
  const freeSlots = () => maxInFlight - running.size

  const count = (map: Map<string, number>, id: string, delta: number) => map.set(id, (map.get(id) ?? 0) + delta)

  const notify = () => {
    const resolve = signal
    signal = undefined
    if (resolve) resolve()
    else woken = true
  }

  /** Waits for notify() (an attempt finished, wake(), stop()) or `ms`. */
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken) {
        woken = false
        return resolve()
      }
      const timer = setTimeout(notify, ms)
      signal = () => {
        clearTimeout(timer)
        resolve()
      }
    })

  /** Whether the loop should store results and claim now. */
  const settleDue = (now: number) =>
    kicked ||
    now - lastSettle >= pollMs ||
    (moreDue && queue.length <= lowWater) ||
    results.length >= maxInFlight ||
    (results.length > 0 && (running.size === 0 || now - oldestResultAt >= resultDelayMs))

  /** Starts queued deliveries while their subscription and the dispatcher have free slots. */
  function pump(): void {
    const now = Date.now()
    for (let i = 0; i < queue.length && running.size < options.delivery.concurrency; ) {
      const delivery = queue[i]!
      const id = delivery.subscription_id
      const sub = subs.get(id)!
      if ((inFlight.get(id) ?? 0) >= sub.config.concurrency) {
        i++
        continue
      }
      queue.splice(i, 1)
      count(queuedBySub, id, -1)
      if (disabledCache?.ids.has(id) || now > delivery.sendBy) unsent.push(delivery.id)
      else void launch(delivery, sub)
    }
  }

  /**
   * One write transaction: stores finished attempts, gives back unsent claims and, unless
   * `claim` is `none`, claims due deliveries: up to the free slots (`slots`), or a backlog of
   * one more round on top (`backlog`). A commit costs more than the statements in it, so
   * results and claims share one.
   */
  async function settle(claim: 'none' | 'slots' | 'backlog'): Promise<Queued[]> {
    if (claim !== 'none') {
      ready ??= syncSubscriptions(db, options.webhooks).catch((error: unknown) => {
        ready = undefined
        throw error
      })
      await ready
    } else if (results.length === 0 && unsent.length === 0) return []
    const batch = results
    const release = unsent
    results = []
    unsent = []
    const nowMs = Date.now()
    const now = new Date(nowMs).toISOString()
    const disabling = batch.filter((r) => r.disable)
    if (claim !== 'none' && (!disabledCache || nowMs - disabledCache.at >= pollMs)) {
      const ids = new Set((await listSubscriptions(db)).filter((row) => row.status === 'disabled').map((row) => row.id))
      disabledCache = { at: nowMs, ids }
    }
    for (const result of disabling) disabledCache?.ids.add(result.subscription)
    const claimed = await db.transaction().execute(async (trx) => {
      if (batch.length > 0) await recordAttempts(trx, batch, now)
      for (const result of disabling) await disableSubscription(trx, result.subscription, 'http_410', now)
      if (release.length > 0) await releaseClaims(trx, release)
      if (claim === 'none') return []
      if (nowMs - lastLeaseSweep >= pollMs) {
        lastLeaseSweep = nowMs
        await releaseExpiredLeases(trx, now)
      }
      return claimDue(trx, nowMs, now, claim === 'backlog' ? 2 : 1)
    })
    for (const result of batch) {
      if (result.outcome.status !== 'pending') deliveredCounter.inc({ subscription: result.subscription, status: result.outcome.status })
      if (result.disable) log.warn({ subscription: result.subscription, messageId: result.messageId }, 'webhook answered 410, subscription disabled')
      else if (result.outcome.status === 'failed') log.warn({ subscription: result.subscription, messageId: result.messageId, attempts: result.attempt.number, error: result.outcome.lastError }, 'webhook delivery failed')
    }
    return claimed
  }

  /**
   * Claims for each enabled subscription in turn (rotating who goes first), up to `rounds`
   * times its free slots. A backlogged delivery waits at most one attempt of every slot ahead
   * of it, so its lease covers the longest timeout once more.
   */
  async function claimDue(trx: Transaction<Database>, nowMs: number, now: string, rounds: number): Promise<Queued[]> {
    const disabled = disabledCache!.ids
    const eligible = [...subs.values()].filter((s) => s.config.enabled && !disabled.has(s.config.id))
    const claimed: Queued[] = []
    let free = rounds * options.delivery.concurrency - running.size - queue.length
    let filled = false
    for (let i = 0; i < eligible.length && free > 0; i++) {
      const sub = eligible[(rotation + i) % eligible.length]!
      const id = sub.config.id
      const limit = Math.min(free, rounds * sub.config.concurrency - (inFlight.get(id) ?? 0) - (queuedBySub.get(id) ?? 0))
      if (limit <= 0) continue
      const leaseMs = sub.timeoutMs + (rounds > 1 ? longestTimeoutMs : 0) + leaseMarginMs
      const rows = await claimDeliveries(trx, { subscriptionId: id, now, leaseUntil: new Date(nowMs + leaseMs).toISOString(), limit })
      for (const row of rows) claimed.push({ ...row, sendBy: nowMs + leaseMs - sub.timeoutMs })
      if (rows.length === limit) filled = true
      free -= rows.length
    }
    rotation++
    moreDue = filled
    return claimed
  }

  function launch(delivery: ClaimedDelivery, sub: Sub): Promise<void> {
    const id = sub.config.id
    count(inFlight, id, 1)
    const task = (async () => {
      const headers = sub.sign(delivery.message_id, delivery.payload)
      const response = await sendAttempt(transport, { url: sub.config.url, headers, body: delivery.payload, timeoutMs: sub.timeoutMs })
      const number = delivery.attempts + 1
      const { outcome, disable } = attemptOutcome(response, { attempts: number, scheduleMs: sub.scheduleMs, maxDelayMs, now: Date.now(), random: options.random })
      attemptDuration.observe({ subscription: id }, response.durationMs / 1000)
      const { startedAt, durationMs, statusCode, errorClass, responseBody } = response
      if (results.length === 0) oldestResultAt = Date.now()
      results.push({ subscription: id, messageId: delivery.message_id, outcome, disable, attempt: { deliveryId: delivery.id, number, startedAt, durationMs, statusCode, errorClass, responseBody } })
      // Stop sending this subscription's backlog at once; the claim skips it from now on.
      if (disable) (disabledCache ??= { at: 0, ids: new Set() }).ids.add(id)
    })()
      .catch((error: unknown) => log.error({ err: { message: (error as Error).message }, deliveryId: delivery.id }, 'webhook attempt crashed'))
      .finally(() => {
        count(inFlight, id, -1)
        running.delete(task)
        notify()
      })
    running.add(task)
    return task
  }

  async function cycle(): Promise<void> {
    const now = Date.now()
    if (settleDue(now)) {
      kicked = false
      lastSettle = now
      for (const delivery of await settle('backlog')) {
        queue.push(delivery)
        count(queuedBySub, delivery.subscription_id, 1)
      }
    }
    pump()
    if (!active) return
    // Until an attempt finishes, wake() is called, or it is time to store results or claim.
    await pause(Math.max(1, results.length > 0 ? oldestResultAt + resultDelayMs - now : lastSettle + pollMs - now))
    // Let the other attempts that finish in this turn land; while most slots are busy, wait a
    // few ms more for a quarter of them to free up, so requests go out in bursts and results
    // are written in batches (fewer wake-ups on both ends than one request per completion).
    await nextTurn()
    const deadline = Date.now() + 5
    while (active && !kicked && running.size > 0 && freeSlots() < batchSlots && Date.now() < deadline) {
      await pause(Math.max(1, deadline - Date.now()))
    }
  }

  async function runOnce(): Promise<number> {
    const claimed = await settle('slots')
    await Promise.all(claimed.map((delivery) => launch(delivery, subs.get(delivery.subscription_id)!)))
    await settle('none')
    return claimed.length
  }

  async function runLoop(): Promise<void> {
    while (active) {
      try {
        await cycle()
      } catch (error) {
        log.error({ err: { message: (error as Error).message } }, 'webhook dispatcher cycle failed')
        if (active) await pause(pollMs)
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
      for (const delivery of queue.splice(0)) unsent.push(delivery.id)
      queuedBySub.clear()
      const bound = new Promise((resolve) => setTimeout(resolve, options.stopTimeoutMs ?? 10_000).unref())
      await Promise.race([Promise.allSettled([...running]), bound])
      await settle('none')
    },
    wake() {
      disabledCache = undefined
      kicked = true
      notify()
    },
    runOnce,
    async drain({ timeoutMs = 10_000 } = {}) {
      const deadline = Date.now() + timeoutMs
      const ids = [...subs.values()].filter((s) => s.config.enabled).map((s) => s.config.id)
      for (;;) {
        // While the loop runs it does the work; otherwise run cycles here.
        if (!active && (await runOnce()) > 0) continue
        if (!(await hasUnfinishedDeliveries(db, ids))) return
        if (Date.now() > deadline) throw new Error('dispatcher drain timed out')
        await new Promise((resolve) => setTimeout(resolve, active ? 20 : 5))
      }
    },
  }
}
