import type { Metrics } from '../metrics.js'
import type { Db } from '../storage/open-database.js'
import { outboxGaugeStatuses, outboxHealth } from '../storage/outbox-health.js'

/**
 * Outbox gauges of the configured subscriptions, read from the database at scrape time (the
 * outbox is the only queue), all from one `outboxHealth` read per scrape. The two totals
 * without labels are the older gauges, kept for dashboards that use them.
 */
export function registerDeliveryGauges(metrics: Metrics, db: Db, webhooks: ReadonlyArray<{ id: string }>): void {
  const ids = webhooks.map((w) => w.id)
  const health = () => outboxHealth(db, ids)
  const ageOf = (createdAt: string | null, now: number) => (createdAt ? Math.max(0, (now - Date.parse(createdAt)) / 1000) : 0)

  metrics.gauge('koppel_delivery_queue_depth', 'Webhook deliveries not yet finished (pending or in flight), all subscriptions', async (scrape) => {
    let depth = 0
    for (const h of (await scrape.once(health)).values()) depth += h.counts.pending
    return [{ value: depth }]
  })
  metrics.gauge('koppel_delivery_oldest_pending_age_seconds', 'Age in seconds of the oldest unfinished webhook delivery, all subscriptions', async (scrape) => {
    const now = Date.now()
    return [{ value: Math.max(0, ...[...(await scrape.once(health)).values()].map((h) => ageOf(h.oldestPendingAt, now))) }]
  })
  metrics.gauge('koppel_outbox_deliveries', 'Webhook deliveries in the outbox by subscription and status: pending (in flight included), held (release: manual), failed (no attempts left)', async (scrape) =>
    [...(await scrape.once(health))].flatMap(([subscription, h]) => outboxGaugeStatuses.map((status) => ({ labels: { subscription, status }, value: h.counts[status] }))))
  metrics.gauge('koppel_oldest_pending_delivery_age_seconds', 'Age in seconds of the oldest pending delivery of a subscription (0 when none)', async (scrape) => {
    const now = Date.now()
    return [...(await scrape.once(health))].map(([subscription, h]) => ({ labels: { subscription }, value: ageOf(h.oldestPendingAt, now) }))
  })
}
