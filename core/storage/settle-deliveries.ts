import type { Kysely } from 'kysely'
import { claimDeliveries, releaseClaims, releaseExpiredLeases, type ClaimedDelivery } from './claim-deliveries.js'
import type { Database } from './database.js'
import { recordAttempts, type AttemptRecord, type DeliveryOutcome } from './record-attempts.js'
import { disableSubscription } from './subscriptions.js'

export interface SettleClaims {
  /** Deliveries to claim at most, over all subscriptions. */
  total: number
  /** Claimed in this order, each up to its `limit` and what is left of `total`, leased until `leaseUntil`. */
  subscriptions: readonly { id: string; limit: number; leaseUntil: string }[]
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
    for (let i = 0; i < claims.subscriptions.length && free > 0; i++) {
      const { id, limit: wanted, leaseUntil } = claims.subscriptions[i]!
      const limit = Math.min(free, wanted)
      if (limit <= 0) continue
      const rows = await claimDeliveries(trx, { subscriptionId: id, now, leaseUntil, limit })
      for (const row of rows) settled.claimed.push(row)
      if (rows.length === limit) settled.filled = true
      free -= rows.length
    }
    return settled
  })
}
