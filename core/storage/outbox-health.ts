import type { DeliveryStatus } from './database.js'
import type { Db } from './open-database.js'

/** The outbox statuses `koppel_outbox_deliveries` reports; `delivering` counts as `pending`. */
export const outboxGaugeStatuses = ['pending', 'held', 'failed'] as const

export type OutboxGaugeStatus = (typeof outboxGaugeStatuses)[number]

export interface OutboxHealth {
  counts: Record<OutboxGaugeStatus, number>
  /** Creation time of the oldest delivery still to go (pending or in flight); null when none. */
  oldestPendingAt: string | null
}

// `held` (release: manual) may not be a status of this schema yet; counting it costs nothing.
const countedStatuses = ['pending', 'delivering', 'held', 'failed'] as unknown as DeliveryStatus[]
const unfinished: DeliveryStatus[] = ['pending', 'delivering']

/**
 * Per subscription, for the scrape-time gauges: deliveries waiting, held and failed, and the
 * oldest waiting one. Both queries probe the `deliveries_claim` index (subscription_id,
 * status, next_attempt_at, id) per (subscription, status) and read only those index entries,
 * never the delivered bulk: the cost follows the backlog, not the table. The oldest is the
 * lowest id (in the index) and only that row is read for its `created_at`: ids follow
 * enqueue order.
 */
export async function outboxHealth(db: Db, subscriptionIds: readonly string[]): Promise<Map<string, OutboxHealth>> {
  const health = new Map<string, OutboxHealth>(subscriptionIds.map((id) => [id, { counts: { pending: 0, held: 0, failed: 0 }, oldestPendingAt: null }]))
  if (subscriptionIds.length === 0) return health
  const ids = [...subscriptionIds]
  const counts = await db
    .selectFrom('deliveries')
    .select(['subscription_id', 'status', (eb) => eb.fn.countAll<number>().as('count')])
    .where('subscription_id', 'in', ids)
    .where('status', 'in', countedStatuses)
    .groupBy(['subscription_id', 'status'])
    .execute()
  for (const row of counts) {
    const entry = health.get(row.subscription_id)
    if (!entry) continue
    const status = (row.status as string) === 'delivering' ? 'pending' : (row.status as OutboxGaugeStatus)
    entry.counts[status] += Number(row.count)
  }
  const oldest = await db
    .selectFrom('deliveries')
    .select(['subscription_id', 'created_at'])
    .where('id', 'in', (eb) =>
      eb.selectFrom('deliveries').select((e) => e.fn.min('id').as('id')).where('subscription_id', 'in', ids).where('status', 'in', unfinished).groupBy('subscription_id'))
    .execute()
  for (const row of oldest) {
    const entry = health.get(row.subscription_id)
    if (entry) entry.oldestPendingAt = row.created_at
  }
  return health
}
