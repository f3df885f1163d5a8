import { afterEach, describe, expect, it } from 'vitest'
import { enableSubscription } from '../../../core/storage/subscriptions.js'
import { createDispatcher } from '../../../core/webhooks/dispatcher.js'
import { nodeTransport, type Transport } from '../../../core/upstream/node-transport.js'
import { startWebhookReceiver, type WebhookReceiver } from '../../fakes/webhook-receiver.js'
import { createHarness, newSecret, silentLog, until, webhookConfig, type Harness } from './harness.js'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function setup(webhook: Partial<Parameters<typeof webhookConfig>[0]> = {}, options: Parameters<typeof createHarness>[1] = {}) {
  const secret = newSecret()
  const receiver = await startWebhookReceiver({ secrets: [secret] })
  const harness = await createHarness([webhookConfig({ id: 'benefits', url: receiver.url, secret, ...webhook })], options)
  cleanups.push(async () => {
    await harness.dispatcher.stop()
    await receiver.close()
    await harness.db.destroy()
  })
  return { receiver, harness }
}

const deliveryOf = (harness: Harness, messageId: string) =>
  harness.db.selectFrom('deliveries').selectAll().where('message_id', '=', messageId).executeTakeFirstOrThrow()

const attemptsOf = (harness: Harness, deliveryId: number) =>
  harness.db.selectFrom('delivery_attempts').selectAll().where('delivery_id', '=', deliveryId).orderBy('number').execute()

describe('dispatcher', () => {
  it('retries 500 twice on the schedule, then delivers with the same webhook-id', async () => {
    const { receiver, harness } = await setup()
    receiver.queue({ status: 500, body: 'boom' }, { status: 500 })
    const [id] = await harness.emit([{ recordId: 'e1' }])
    await harness.dispatcher.drain()

    expect(receiver.received.map((r) => r.id)).toEqual([id, id, id])
    expect(receiver.received.every((r) => r.verified && r.userAgent.startsWith('koppel/'))).toBe(true)
    const delivery = await deliveryOf(harness, id!)
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, last_error: null })
    const attempts = await attemptsOf(harness, delivery.id)
    expect(attempts.map((a) => [a.number, a.status_code, a.error_class])).toEqual([[1, 500, 'http_500'], [2, 500, 'http_500'], [3, 200, null]])
    expect(attempts[0]!.response_body).toBe('boom')
    // 50 ms ±20% after the first failure, 100 ms ±20% after the second.
    expect(Date.parse(attempts[1]!.started_at) - Date.parse(attempts[0]!.started_at)).toBeGreaterThanOrEqual(39)
    expect(Date.parse(attempts[2]!.started_at) - Date.parse(attempts[1]!.started_at)).toBeGreaterThanOrEqual(79)
    expect(await harness.metrics.render()).toContain('koppel_deliveries_total{status="delivered",subscription="benefits"} 1')
  })

  it('honours a later Retry-After, capped at the maximum delay', async () => {
    const { receiver, harness } = await setup({ retry_schedule: ['50ms'] }, { maxRetryDelayMs: 60_000 })
    receiver.queue({ status: 429, headers: { 'retry-after': '30' } })
    const [id] = await harness.emit([{ recordId: 'e1' }])
    const before = Date.now()
    await harness.dispatcher.runOnce()
    const delivery = await deliveryOf(harness, id!)
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, last_error: 'http_429' })
    const wait = Date.parse(delivery.next_attempt_at) - before
    expect(wait).toBeGreaterThanOrEqual(29_000)
    expect(wait).toBeLessThanOrEqual(31_000)
    expect(await harness.dispatcher.runOnce()).toBe(0)

    const capped = await setup({ retry_schedule: ['50ms'] }, { maxRetryDelayMs: 150 })
    capped.receiver.queue({ status: 503, headers: { 'retry-after': new Date(Date.now() + 3_600_000).toUTCString() } })
    const [other] = await capped.harness.emit([{ recordId: 'e1' }])
    await capped.harness.dispatcher.drain()
    const attempts = await attemptsOf(capped.harness, (await deliveryOf(capped.harness, other!)).id)
    expect(attempts.map((a) => a.status_code)).toEqual([503, 200])
  })

  it('times out a slow receiver and retries', async () => {
    const { receiver, harness } = await setup({ timeout: '200ms' })
    receiver.queue({ delayMs: 1500 })
    const [id] = await harness.emit([{ recordId: 'e1' }])
    await harness.dispatcher.drain()
    const attempts = await attemptsOf(harness, (await deliveryOf(harness, id!)).id)
    expect(attempts.map((a) => [a.status_code, a.error_class])).toEqual([[null, 'timeout'], [200, null]])
    expect(attempts[0]!.duration_ms).toBeLessThan(1000)
    expect(receiver.received.map((r) => r.id)).toEqual([id, id])
  })

  it('does not follow a 301 and counts it as a failure', async () => {
    const { receiver, harness } = await setup({ retry_schedule: ['50ms'] })
    receiver.queue({ status: 301, headers: { location: `${receiver.url}/moved` } })
    const [id] = await harness.emit([{ recordId: 'e1' }])
    await harness.dispatcher.runOnce()
    expect(receiver.received).toHaveLength(1)
    const delivery = await deliveryOf(harness, id!)
    expect(delivery).toMatchObject({ status: 'pending', last_error: 'redirect' })
    expect((await attemptsOf(harness, delivery.id))[0]).toMatchObject({ status_code: 301, error_class: 'redirect' })
  })

  it('disables the subscription on 410 and resumes after enable', async () => {
    const { receiver, harness } = await setup()
    receiver.queue({ status: 410 })
    const [first] = await harness.emit([{ recordId: 'e1' }])
    await harness.dispatcher.runOnce()
    const subscription = await harness.db.selectFrom('subscriptions').selectAll().where('id', '=', 'benefits').executeTakeFirstOrThrow()
    expect(subscription).toMatchObject({ status: 'disabled', disabled_reason: 'http_410' })
    expect(await deliveryOf(harness, first!)).toMatchObject({ status: 'pending', last_error: 'http_410' })

    const [second] = await harness.emit([{ recordId: 'e2' }])
    expect(await harness.dispatcher.runOnce()).toBe(0)
    expect(receiver.received).toHaveLength(1)

    await enableSubscription(harness.db, 'benefits', new Date().toISOString())
    await harness.dispatcher.drain()
    expect(receiver.received.map((r) => r.id).sort()).toEqual([first, first, second].sort())
  })

  it('fails a delivery after the last retry when the receiver refuses connections', async () => {
    const closed = await startWebhookReceiver({ secrets: [newSecret()] })
    await closed.close()
    const { harness } = await setup({ url: closed.url })
    const [id] = await harness.emit([{ recordId: 'e1' }])
    await harness.dispatcher.drain()
    const delivery = await deliveryOf(harness, id!)
    expect(delivery).toMatchObject({ status: 'failed', attempts: 3, last_error: 'connection_refused' })
    expect(delivery.finished_at).not.toBeNull()
    expect(await harness.metrics.render()).toContain('koppel_deliveries_total{status="failed",subscription="benefits"} 1')
  })

  it('keeps each record in sequence order while other records go on', async () => {
    const { receiver, harness } = await setup()
    let a1 = ''
    receiver.script((request) => {
      const failures = receiver.received.filter((r) => r.id === a1).length
      return request.id === a1 && failures <= 2 ? { status: 500 } : undefined
    })
    const ids = await harness.emit([{ recordId: 'A' }, { recordId: 'A' }, { recordId: 'A' }, { recordId: 'B' }])
    a1 = ids[0]!
    harness.dispatcher.start()
    await receiver.waitFor(6)
    const seen = receiver.received.map((r) => r.id)
    const [A1, A2, A3, B1] = ids as [string, string, string, string]
    expect(seen.filter((id) => id !== B1)).toEqual([A1, A1, A1, A2, A3])
    expect(seen.indexOf(B1)).toBeLessThan(seen.lastIndexOf(A1))
    await until(async () => (await deliveryOf(harness, A3)).status === 'delivered')
  })

  it('sends again with the same webhook-id after a lease expires (crash mid-attempt)', async () => {
    const { receiver, harness } = await setup({ timeout: '500ms' }, { leaseMarginMs: 0 })
    // A dispatcher that "crashes" after the request left: the response never arrives.
    const crashing: Transport = async (url, request) => {
      await nodeTransport(url, { ...request, signal: new AbortController().signal })
      return new Promise<never>(() => {})
    }
    const first = createDispatcher({
      db: harness.db,
      webhooks: [webhookConfig({ id: 'benefits', url: receiver.url, timeout: '500ms' })],
      delivery: { concurrency: 4, poll_interval: '20ms' },
      log: silentLog,
      metrics: harness.metrics,
      transport: crashing,
      leaseMarginMs: 0,
      stopTimeoutMs: 10,
    })
    const [id] = await harness.emit([{ recordId: 'e1' }])
    first.start()
    await receiver.waitFor(1)
    await first.stop()
    expect(await deliveryOf(harness, id!)).toMatchObject({ status: 'delivering' })

    await harness.dispatcher.drain()
    expect(receiver.received.map((r) => r.id)).toEqual([id, id])
    expect(await deliveryOf(harness, id!)).toMatchObject({ status: 'delivered', attempts: 1 })
  })

  it('starts at once on wake() and stop() waits for attempts in flight', async () => {
    const { receiver, harness } = await setup({}, { delivery: { concurrency: 4, poll_interval: '1h' } })
    harness.dispatcher.start()
    receiver.queue({ delayMs: 300 })
    const [id] = await harness.emit([{ recordId: 'e1' }])
    harness.dispatcher.wake()
    await receiver.waitFor(1, 2000)
    await harness.dispatcher.stop()
    expect(await deliveryOf(harness, id!)).toMatchObject({ status: 'delivered', attempts: 1 })
  })

  it('keeps a backlog of claims: stop() gives the unsent ones back, pending and without a lease', async () => {
    const { receiver, harness } = await setup({ concurrency: 1 }, { delivery: { concurrency: 4, poll_interval: '1h' } })
    receiver.script(() => ({ delayMs: 200 }))
    const ids = await harness.emit([{ recordId: 'a' }, { recordId: 'b' }, { recordId: 'c' }])
    harness.dispatcher.start()
    await receiver.waitFor(1, 2000)
    // One in flight (the webhook's concurrency), the next one claimed and waiting for its slot.
    expect((await harness.db.selectFrom('deliveries').select('status').where('status', '=', 'delivering').execute()).length).toBe(2)
    await harness.dispatcher.stop()

    const rows = await harness.db.selectFrom('deliveries').select(['message_id', 'status', 'lease_until', 'attempts']).orderBy('id').execute()
    expect(receiver.received.map((r) => r.id)).toEqual([ids[0]])
    expect(rows).toEqual([
      { message_id: ids[0], status: 'delivered', lease_until: null, attempts: 1 },
      { message_id: ids[1], status: 'pending', lease_until: null, attempts: 0 },
      { message_id: ids[2], status: 'pending', lease_until: null, attempts: 0 },
    ])
  })

  it('does not send the claimed backlog of a subscription that answered 410', async () => {
    const { receiver, harness } = await setup({ concurrency: 1 }, { delivery: { concurrency: 4, poll_interval: '50ms' } })
    receiver.queue({ status: 410, delayMs: 100 })
    await harness.emit([{ recordId: 'a' }, { recordId: 'b' }, { recordId: 'c' }])
    harness.dispatcher.start()
    await until(async () => (await harness.db.selectFrom('subscriptions').select('status').where('id', '=', 'benefits').executeTakeFirstOrThrow()).status === 'disabled')
    await until(async () => (await harness.db.selectFrom('deliveries').select('id').where('status', '=', 'delivering').execute()).length === 0)
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(receiver.received).toHaveLength(1)
    expect((await harness.db.selectFrom('deliveries').select('status').execute()).map((r) => r.status)).toEqual(['pending', 'pending', 'pending'])
  })
})
