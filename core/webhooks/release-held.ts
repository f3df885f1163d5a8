import type { MutationData } from '../model/index.js'
import { releaseHeldDeliveries, selectHeldMutations } from '../storage/held-deliveries.js'
import type { Db } from '../storage/open-database.js'
import { mutationData } from './mutation-message.js'
import { requireKnownMutations } from './require-known-mutations.js'

export interface HeldPage {
  /** The held mutations, the same objects the feed and the webhooks carry (with `changes`). */
  items: MutationData[]
  /** The last sequence returned (or `after` when nothing is left): ask again with it. */
  nextAfter: number
}

/**
 * One page of what waits for release ("Verzenden") for a `release: manual` subscription, in
 * sequence order after `after` (default 0; `limit` default 100).
 */
export async function listHeld(db: Db, webhookId: string, options: { after?: number; limit?: number } = {}): Promise<HeldPage> {
  const after = options.after ?? 0
  const rows = await selectHeldMutations(db, webhookId, { after, limit: options.limit ?? 100 })
  return { items: rows.map(mutationData), nextAfter: rows.at(-1)?.sequence ?? after }
}

export interface ReleaseRequest {
  /** Release the held mutations up to and including this sequence. */
  upToSequence?: number
  /** Release these mutations. With `upToSequence`, both must hold; neither: everything held. */
  mutationIds?: readonly string[]
}

export interface ReleaseResult {
  released: number
  /** Every mutation released, in sequence order, including earlier ones of the same records. */
  mutationIds: string[]
}

/**
 * Releases held mutations of one subscription: they become pending and due now, and the
 * dispatcher sends them in sequence order per record as usual (wake it afterwards). A later
 * mutation of a record takes the earlier held ones of that record with it, since they must
 * arrive first. Ids that name no stored mutation are a 400 naming them; ids already released
 * are not an error (a repeated request releases nothing new). A subscription that is not
 * (or no longer) `release: manual` has nothing held unless it was switched: releasing those
 * leftovers is exactly what is wanted, so there is no special case for it.
 */
export async function releaseHeld(db: Db, webhookId: string, request: ReleaseRequest = {}): Promise<ReleaseResult> {
  return db.transaction().execute(async (trx) => {
    if (request.mutationIds !== undefined) await requireKnownMutations(trx, request.mutationIds)
    const released = await releaseHeldDeliveries(trx, webhookId, { ...request, now: new Date().toISOString() })
    const ordered = released.sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0)).map((row) => row.message_id)
    return { released: ordered.length, mutationIds: ordered }
  })
}
