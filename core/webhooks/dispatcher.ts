import { setImmediate as nextTurn } from 'node:timers/promises'
import type { Logger } from 'pino'
import { parseDuration, type GatewayConfig, type WebhookConfig } from '../../config/schema.js'
import { koppelMetrics, type Metrics } from '../metrics.js'
import type { ChangeSignal } from '../storage/change-signal.js'
import { hasUnfinishedDeliveries } from '../storage/deliveries.js'
import type { Db } from '../storage/open-database.js'
import { nodeTransport, type Transport } from '../upstream/node-transport.js'
import { createAttemptRunner } from './attempt-runner.js'
import { registerDeliveryGauges } from './delivery-gauges.js'
import { DeliverySlots } from './delivery-slots.js'
import { createDeliveryTarget, type DeliveryTarget } from './delivery-target.js'
import { createSettleStep, type Queued } from './settle-step.js'
import { SubscriptionStatus } from './subscription-status.js'
import { createWakeSignal } from './wake-signal.js'

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
  /** Commits of other processes on the database (core/storage/change-signal.ts): each one wakes the loop. */
  changes?: ChangeSignal
  /**
   * An attempt without an answer after this long stops counting against
   * `delivery.concurrency` (its webhook's own `concurrency` still holds it), so a slow or
   * stalled consumer never takes the other webhooks' slots. Default 1 s.
   */
  slowAttemptMs?: number
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

/**
 * Delivers the outbox. Claims due deliveries in short transactions (never one open across
 * HTTP) and keeps a backlog of claimed ones in memory (`DeliverySlots`), so freed slots are
 * refilled without a query each time and claims come in batches. Requests go out in bursts
 * once a quarter of the slots is free (fewer wake-ups on both ends than one request per
 * completion). Results are stored in the same transaction as the next claim (`settleStep`).
 * Attempts run in parallel up to `delivery.concurrency` overall and each webhook's
 * `concurrency`; webhooks with work share the overall slots fairly (claims and starts), and
 * an attempt waiting on its consumer for over `slowAttemptMs` counts only for its webhook, so
 * a stalled consumer holds at most its share at first and never the slots of the others. Per (subscription, record) order is enforced by the claim query, so retries
 * of one record hold back only it.
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { db, log } = options
  const pollMs = parseDuration(options.delivery.poll_interval)
  const { deliveries: deliveredCounter, attempts: attemptCounter, attemptDuration } = koppelMetrics(options.metrics)
  const targetOptions = { transport: options.transport ?? nodeTransport, maxDelayMs: options.maxRetryDelayMs ?? 86_400_000, attemptDuration, random: options.random }
  const targets = new Map<string, DeliveryTarget>(options.webhooks.map((w) => [w.id, createDeliveryTarget(w, targetOptions)]))
  const slots = new DeliverySlots<Queued>(options.delivery.concurrency, options.webhooks)
  const status = new SubscriptionStatus(db, options.webhooks, pollMs)
  const settle = createSettleStep({ db, log, targets, slots, status, pollMs, leaseMarginMs: options.leaseMarginMs ?? 30_000, deliveredCounter, attemptCounter })
  const { notify, pause } = createWakeSignal()
  registerDeliveryGauges(options.metrics, db, options.webhooks)

  const attempts = createAttemptRunner({ targets, slots, settle, status, log, finished: notify, slowAttemptMs: options.slowAttemptMs ?? 1000 })
  let loop: Promise<void> | undefined
  let active = false
  /** wake() was called: claim now. */
  let kicked = false
  let lastSettle = 0

  async function cycle(): Promise<void> {
    const now = Date.now()
    if (kicked || now - lastSettle >= pollMs || settle.due(now)) {
      kicked = false
      lastSettle = now
      slots.enqueue(await settle.run('backlog'))
    }
    attempts.pump()
    if (!active) return
    // Until an attempt finishes, wake() is called, or it is time to store results or claim.
    await pause(Math.max(1, (settle.resultsDueAt() ?? lastSettle + pollMs) - now))
    // Let the other attempts that finish in this turn land; while most slots are busy, wait a
    // few ms more for a quarter of them (or of a subscription's share) to free up, so requests go out in bursts and results
    // are written in batches (fewer wake-ups on both ends than one request per completion).
    await nextTurn()
    const deadline = Date.now() + 5
    while (active && !kicked && slots.running > 0 && !slots.burstReady() && Date.now() < deadline) {
      await pause(Math.max(1, deadline - Date.now()))
    }
  }

  async function runOnce(): Promise<number> {
    const claimed = await settle.run('slots')
    for (const delivery of claimed) slots.reserve(delivery.subscription_id)
    await Promise.all(claimed.map(attempts.launch))
    await settle.run('none')
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
      // Another process committed: claim now. Subscription states are left to their poll.
      options.changes?.start(() => {
        kicked = true
        notify()
      })
    },
    async stop() {
      active = false
      await options.changes?.stop()
      notify()
      await loop
      slots.returnBacklog()
      await attempts.idle(options.stopTimeoutMs ?? 10_000)
      await settle.run('none')
    },
    wake() {
      status.forget()
      kicked = true
      notify()
    },
    runOnce,
    async drain({ timeoutMs = 10_000 } = {}) {
      const deadline = Date.now() + timeoutMs
      const ids = options.webhooks.filter((w) => w.enabled).map((w) => w.id)
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
