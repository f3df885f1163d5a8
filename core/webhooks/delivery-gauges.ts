import { perScrape, type Metrics } from '../metrics.js'
import type { Db } from '../storage/open-database.js'
import { outboxGaugeStatuses, outboxHealth } from '../storage/outbox-health.js'

/**
 * Outbox gauges of the configured subscriptions, read from the database at scrape time (the
 * outbox is the only queue), all from one `outboxHealth` read per scrape. The two totals
 * without labels are the older gauges, kept for dashboards that use them.
 */
export function registerDeliveryGauges(metrics: Metrics, db: Db, webhooks: ReadonlyArray<{ id: string }>): void {
  const ids = webhooks.map((w) => w.id)
  const read = perScrape(() => outboxHealth(db, ids))
  const ageOf = (createdAt: string | null, now: number) => (createdAt ? Math.max(0, (now - Date.parse(createdAt)) / 1000) : 0)

  metrics.gauge('koppel_delivery_queue_depth', 'Webhook deliveries not yet finished (pending or in flight), all subscriptions', async () => {
    let depth = 0
    for (const health of (await read()).values()) depth += health.counts.pending
    return [{ value: depth }]
  })
  metrics.gauge('koppel_delivery_oldest_pending_age_seconds', 'Age in seconds of the oldest unfinished webhook delivery, all subscriptions', async () => {
    const now = Date.now()
    return [{ value: Math.max(0, ...[...(await read()).values()].map((health) => ageOf(health.oldestPendingAt, now))) }]
  })
  metrics.gauge('koppel_outbox_deliveries', 'Webhook deliveries in the outbox by subscription and status: pending (in flight included), held (release: manual), failed (no attempts left)', async () =>
    [...(await read())].flatMap(([subscription, health]) => outboxGaugeStatuses.map((status) => ({ labels: { subscription, status }, value: health.counts[status] }))))
  metrics.gauge('koppel_oldest_pending_delivery_age_seconds', 'Age in seconds of the oldest pending delivery of a subscription (0 when none)', async () => {
    const now = Date.now()
    return [...(await read())].map(([subscription, health]) => ({ labels: { subscription }, value: ageOf(health.oldestPendingAt, now) }))
  })
}
