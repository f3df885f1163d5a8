import { afterEach, describe, expect, it } from 'vitest'
import { DeliverySlots } from '../../../core/webhooks/delivery-slots.js'
import { startWebhookReceiver, type WebhookReceiver } from '../../fakes/webhook-receiver.js'
import { createHarness, newSecret, webhookConfig, type Harness } from './harness.js'

const receivers: WebhookReceiver[] = []
const harnesses: Harness[] = []
afterEach(async () => {
  for (const harness of harnesses.splice(0)) {
    await harness.dispatcher.stop()
    await harness.db.destroy()
  }
  for (const receiver of receivers.splice(0)) await receiver.close()
})

describe('a slow consumer', () => {
  it('parks: keeps its own slot, gives back the overall one', () => {
    const slots = new DeliverySlots(2, [{ id: 'slow', enabled: true, concurrency: 2 }, { id: 'fast', enabled: true, concurrency: 2 }])
    slots.enqueue([{ id: 1, subscription_id: 'slow' }, { id: 2, subscription_id: 'slow' }, { id: 3, subscription_id: 'slow' }, { id: 4, subscription_id: 'fast' }])
    // Both have work: one overall slot each, although slow comes first in the backlog.
    expect(slots.take(() => true).map((d) => d.id)).toEqual([1, 4])
    expect(slots.freeSlots).toBe(0)
    slots.park('slow')
    expect([slots.running, slots.parked, slots.freeSlots, slots.inFlightOf('slow')]).toEqual([1, 1, 1, 1])
    // The parked attempt holds slow's own slot only: slow may start another in the overall one.
    expect(slots.take(() => true).map((d) => d.id)).toEqual([2])
    slots.park('slow')
    slots.finish('fast')
    expect([slots.running, slots.parked, slots.freeSlots, slots.inFlightOf('slow')]).toEqual([0, 2, 2, 2])
    // slow is at its own limit: nothing starts although both overall slots are free.
    expect(slots.take(() => true)).toEqual([])
    slots.finish('slow', true)
    expect([slots.running, slots.parked, slots.inFlightOf('slow')]).toEqual([0, 1, 1])
    expect(slots.take(() => true).map((d) => d.id)).toEqual([3])
    expect([slots.running, slots.freeSlots]).toEqual([1, 1])
  })

  it('never holds back a healthy one, even with as many slots as the whole dispatcher', async () => {
    const [stuckSecret, healthySecret] = [newSecret(), newSecret()]
    const stuck = await startWebhookReceiver({ secrets: [stuckSecret] })
    const healthy = await startWebhookReceiver({ secrets: [healthySecret] })
    receivers.push(stuck, healthy)
    stuck.script(() => ({ delayMs: 60_000 }))
    // The stalled consumer comes first and may take all 16 of the dispatcher's slots.
    const harness = await createHarness([
      webhookConfig({ id: 'stuck', url: stuck.url, secret: stuckSecret, concurrency: 16, timeout: '30s' }),
      webhookConfig({ id: 'healthy', url: healthy.url, secret: healthySecret, concurrency: 16 }),
    ], { slowAttemptMs: 100, stopTimeoutMs: 10 })
    harnesses.push(harness)
    const ids = await harness.emit(Array.from({ length: 60 }, (_, i) => ({ recordId: `e${i}` })))
    harness.dispatcher.start()
    harness.dispatcher.wake()
    const got = await healthy.waitFor(60, 5000)
    expect(new Set(got.map((r) => r.id))).toEqual(new Set(ids))
    expect(got.every((r) => r.verified)).toBe(true)
    // The stalled one got its own concurrency's worth, no more.
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(stuck.received.length).toBe(16)
  })
})
