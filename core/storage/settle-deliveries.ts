import type { Kysely } from 'kysely'
import { claimDeliveries, releaseClaims, releaseExpiredLeases, type ClaimedDelivery } from './claim-deliveries.js'
import type { Database } from './database.js'
import { recordAttempts, type AttemptRecord, type DeliveryOutcome } from './record-attempts.js'
import { disableSubscription } from './subscriptions.js'

export interface SettleClaims {
  /** Deliveries to claim at most, over all subscriptions. */
  total: number
  /**
   * Claimed in this order, leased until `leaseUntil`: first each one's `fair` part (at most
   * its `limit`, even beyond `total`), then, to those that got all of theirs, up to their
   * `limit` out of what is left of `total`.
   */
  subscriptions: readonly { id: string; limit: number; fair?: number; leaseUntil: string }[]
  /** Whether to make deliveries with an expired lease due again first. */
  releaseExpiredLeases: boolean
}

export interface SettleRequest {
  /** Finished attempts and what they did to their delivery. */
  results: readonly { attempt: AttemptRecord; outcome: DeliveryOutcome }[]
  /** Subscriptions that answered `410 Gone`: disabled with reason `http_410`. */
  disable: readonly string[]
  /** Claimed deliveries that were never sent: pending again, without a lease. */
  release: readonly number[]
  now: string
  /** Due deliveries to claim; none when left out. */
  claims?: SettleClaims
}

export interface SettleResult {
  claimed: ClaimedDelivery[]
  /** Some subscription gave all it was asked for, so more may be due at once. */
  filled: boolean
}

/**
 * The dispatcher's one write transaction per cycle: stores finished attempts, disables
 * subscriptions that answered 410, gives back unsent claims and claims due deliveries. A
 * commit costs more than the statements in it, so results and the next claim share one.
 * Never held across network I/O: the caller sends only after it resolves.
 */
export async function settleDeliveries(db: Kysely<Database>, request: SettleRequest): Promise<SettleResult> {
  const { results, disable, release, now, claims } = request
  return db.transaction().execute(async (trx) => {
    if (results.length > 0) await recordAttempts(trx, results, now)
    for (const id of disable) await disableSubscription(trx, id, 'http_410', now)
    if (release.length > 0) await releaseClaims(trx, release)
    const settled: SettleResult = { claimed: [], filled: false }
    if (!claims) return settled
    if (claims.releaseExpiredLeases) await releaseExpiredLeases(trx, now)
    let free = claims.total
    const claim = async (subscriptionId: string, leaseUntil: string, limit: number) => {
      const rows = await claimDeliveries(trx, { subscriptionId, now, leaseUntil, limit })
      for (const row of rows) settled.claimed.push(row)
      if (rows.length === limit) settled.filled = true
      free -= rows.length
      return rows.length
    }
    // Fair parts first, so one subscription's backlog never leaves another nothing to claim.
    const rest: { id: string; leaseUntil: string; left: number }[] = []
    for (const { id, limit, fair = 0, leaseUntil } of claims.subscriptions) {
      const first = Math.min(fair, limit)
      const got = first > 0 ? await claim(id, leaseUntil, first) : 0
      if (got === Math.max(0, first) && limit > got) rest.push({ id, leaseUntil, left: limit - got })
    }
    for (const { id, leaseUntil, left } of rest) {
      if (free <= 0) break
      await claim(id, leaseUntil, Math.min(free, left))
    }
    return settled
  })
}
