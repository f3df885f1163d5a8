import type { Logger } from 'pino'
import type { Counter } from '../metrics.js'
import type { ClaimedDelivery } from '../storage/claim-deliveries.js'
import type { Db } from '../storage/open-database.js'
import { settleDeliveries, type SettleClaims } from '../storage/settle-deliveries.js'
import { attemptOutcomeLabel, attemptOutcomeLabels } from './attempt-outcome-label.js'
import type { DeliverySlots } from './delivery-slots.js'
import type { AttemptResult, DeliveryTarget } from './delivery-target.js'
import type { SubscriptionStatus } from './subscription-status.js'

/** A claimed delivery waiting for a slot; `sendBy` is the last start that still ends inside its lease. */
export type Queued = ClaimedDelivery & { sendBy: number }

/** What to claim: nothing, up to the free slots, or a backlog of one more round on top. */
export type ClaimMode = 'none' | 'slots' | 'backlog'

export interface SettleStep {
  /** Buffers a finished attempt until the next run. */
  add(result: AttemptResult): void
  /** Whether results or the backlog call for a run now (besides wake() and the poll interval). */
  due(now: number): boolean
  /** When the buffered results should be stored at the latest; undefined when there are none. */
  resultsDueAt(): number | undefined
  /** Stores buffered results and unsent claims and claims per `mode`, in one transaction. */
  run(mode: ClaimMode): Promise<Queued[]>
}

export interface SettleStepOptions {
  db: Db
  log: Logger
  targets: ReadonlyMap<string, DeliveryTarget>
  slots: DeliverySlots<Queued>
  status: SubscriptionStatus
  pollMs: number
  leaseMarginMs: number
  deliveredCounter: Counter
  /** `koppel_delivery_attempts_total` ({subscription, outcome}). */
  attemptCounter: Counter
}

/** Unwritten results older than this are stored even when few (keeps `status` current). */
const resultDelayMs = 10

/**
 * The dispatcher's side of a settle: which results and claims go into the next transaction
 * (`settleDeliveries`), the leases of new claims, and the metrics and log lines of stored
 * results. Claims are made for each enabled subscription in turn, up to the free slots
 * (`DeliverySlots.claimPlan`). A backlogged delivery waits at most one attempt of every slot
 * ahead of it, so its lease covers the longest timeout once more.
 */
export function createSettleStep(options: SettleStepOptions): SettleStep {
  const { db, log, targets, slots, status, pollMs, leaseMarginMs, deliveredCounter, attemptCounter } = options
  // Every series from the start, so the first failure is an increase from 0 (rate() sees it).
  for (const subscription of targets.keys()) for (const outcome of attemptOutcomeLabels) attemptCounter.inc({ subscription, outcome }, 0)
  const longestTimeoutMs = Math.max(0, ...[...targets.values()].map((target) => target.timeoutMs))
  let results: AttemptResult[] = []
  let oldestResultAt = 0
  /** The last claim got all it asked for, so more may be due at once. */
  let moreDue = true
  let lastLeaseSweep = 0

  function claimsFor(mode: 'slots' | 'backlog', nowMs: number): { claims: SettleClaims; sendBy: Map<string, number> } {
    const rounds = mode === 'backlog' ? 2 : 1
    const plan = slots.claimPlan(rounds, (id) => status.isDisabled(id))
    const sendBy = new Map<string, number>()
    const subscriptions = plan.subscriptions.map(({ id, limit, fair }) => {
      const { timeoutMs } = targets.get(id)!
      const leaseMs = timeoutMs + (rounds > 1 ? longestTimeoutMs : 0) + leaseMarginMs
      sendBy.set(id, nowMs + leaseMs - timeoutMs)
      return { id, limit, fair, leaseUntil: new Date(nowMs + leaseMs).toISOString() }
    })
    const releaseExpiredLeases = nowMs - lastLeaseSweep >= pollMs
    if (releaseExpiredLeases) lastLeaseSweep = nowMs
    return { claims: { total: plan.total, subscriptions, releaseExpiredLeases }, sendBy }
  }

  function report(batch: readonly AttemptResult[]): void {
    for (const result of batch) {
      const { subscription, messageId, attempt, outcome } = result
      attemptCounter.inc({ subscription, outcome: attemptOutcomeLabel(attempt.errorClass) })
      if (outcome.status !== 'pending') deliveredCounter.inc({ subscription, status: outcome.status })
      if (outcome.status === 'delivered') continue
      // DESIGN.md §7: every failed attempt, with ids and codes only (never the body or the URL).
      const fields = { subscription, messageId, attempt: attempt.number, statusCode: attempt.statusCode, error: outcome.lastError, nextAttemptAt: outcome.status === 'pending' ? outcome.nextAttemptAt : null }
      if (result.disable) log.warn(fields, 'webhook answered 410, subscription disabled')
      else if (outcome.status === 'failed') log.warn(fields, 'webhook delivery failed, no attempts left')
      else log.warn(fields, 'webhook delivery attempt failed, will retry')
    }
  }

  return {
    add(result) {
      if (results.length === 0) oldestResultAt = Date.now()
      results.push(result)
    },
    due: (now) =>
      (moreDue && slots.backlog <= slots.lowWater) ||
      results.length >= slots.maxInFlight ||
      (results.length > 0 && (slots.running === 0 || now - oldestResultAt >= resultDelayMs)),
    resultsDueAt: () => (results.length > 0 ? oldestResultAt + resultDelayMs : undefined),
    async run(mode) {
      if (mode !== 'none') await status.ensureRows()
      else if (results.length === 0 && slots.unsent === 0) return []
      const batch = results
      results = []
      const release = slots.takeUnsent()
      const nowMs = Date.now()
      const disabling = batch.filter((r) => r.disable).map((r) => r.subscription)
      if (mode !== 'none') await status.refresh(nowMs)
      for (const id of disabling) status.markDisabled(id)
      const planned = mode === 'none' ? undefined : claimsFor(mode, nowMs)
      const settled = await settleDeliveries(db, { results: batch, disable: disabling, release, now: new Date(nowMs).toISOString(), claims: planned?.claims })
      if (planned) moreDue = settled.filled
      report(batch)
      return settled.claimed.map((row) => ({ ...row, sendBy: planned!.sendBy.get(row.subscription_id)! }))
    },
  }
}
