import type { Metrics } from '../metrics.js'
import { deliveryQueueStats } from '../storage/deliveries.js'
import type { Db } from '../storage/open-database.js'

/** Queue gauges, read from the database at scrape time (the outbox is the only queue). */
export function registerDeliveryGauges(metrics: Metrics, db: Db): void {
  metrics.gauge('koppel_delivery_queue_depth', 'Webhook deliveries not yet finished', async () => [{ value: (await deliveryQueueStats(db)).depth }])
  metrics.gauge('koppel_delivery_oldest_pending_age_seconds', 'Age in seconds of the oldest unfinished webhook delivery', async () => {
    const { oldestCreatedAt } = await deliveryQueueStats(db)
    return [{ value: oldestCreatedAt ? Math.max(0, (Date.now() - Date.parse(oldestCreatedAt)) / 1000) : 0 }]
  })
}
