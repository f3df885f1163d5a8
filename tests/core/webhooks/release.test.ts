import { randomBytes } from 'node:crypto'
import type { Hono } from 'hono'
import { afterEach, describe, expect, it } from 'vitest'
import { gatewayConfigSchema, type WebhookConfig } from '../../../config/schema.js'
import { createApp } from '../../../core/http/app.js'
import type { AppDeps } from '../../../core/http/app-deps.js'
import { metricsRoutes } from '../../../core/http/routes/metrics.js'
import { webhookRoutes } from '../../../core/http/routes/webhooks.js'
import { recordEvent } from '../../../core/record-event.js'
import { createOutbox } from '../../../core/webhooks/outbox.js'
import { listHeld, releaseHeld } from '../../../core/webhooks/release-held.js'
import { startWebhookReceiver, type WebhookReceiver } from '../../fakes/webhook-receiver.js'
import { createHarness, emitMutations, newSecret, silentLog, until, webhookConfig, type Harness, type MutationInput } from './harness.js'

/**
 * Release for review ("Verzenden", DESIGN.md §6): a `release: manual` subscription keeps its
 * record mutations held until released; a real receiver shows what arrives and in what order.
 */
const adminToken = 'test-admin-token-0123456789abcdef'
const auth = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }

let receiver: WebhookReceiver
let harness: Harness
let app: Hono

afterEach(async () => {
  await harness.dispatcher.stop()
  await receiver.close()
  await harness.db.destroy()
})

async function setup(overrides: Partial<WebhookConfig> = {}): Promise<WebhookConfig> {
  const secret = newSecret()
  receiver = await startWebhookReceiver({ secrets: [secret] })
  const webhook = webhookConfig({ id: 'benefits', url: receiver.url, secret, release: 'manual', ...overrides })
  harness = await createHarness([webhook])
  const config = gatewayConfigSchema.parse({
    server: { public_url: 'http://localhost', admin_token: adminToken },
    secrets: { encryption_key: randomBytes(32).toString('base64') },
    webhooks: [webhook],
  })
  // The app shell only reads config, db and log; the other services are not used by these routes.
  const deps = { db: harness.db, config, log: silentLog } as unknown as AppDeps
  app = createApp(deps, [
    { path: '/api', admin: true, app: webhookRoutes({ db: harness.db, webhooks: config.webhooks, dispatcher: harness.dispatcher }) },
    { path: '/', admin: false, app: metricsRoutes({ metrics: harness.metrics }) },
  ])
  return config.webhooks[0]!
}

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await app.request(path, { method, headers: auth, body: body === undefined ? undefined : JSON.stringify(body) })
  return { status: response.status, body: await response.json() }
}

const change = (n: number) => [{ path: 'address.street', before: `Straat ${n - 1}`, after: `Straat ${n}` }]
/** Three mutations of e1 and one of e2, interleaved: e1, e2, e1, e1. */
const mixed: MutationInput[] = [
  { recordId: 'e1', operation: 'created' },
  { recordId: 'e2', changes: change(1) },
  { recordId: 'e1', changes: change(2) },
  { recordId: 'e1', changes: change(3) },
]

describe('release: manual', () => {
  it('holds record mutations until released; operational events arrive at once; then everything, in order', async () => {
    await setup()
    const ids = await harness.emit(mixed)
    const eventId = await recordEvent(harness.db, harness.outbox, { type: 'sync.succeeded', connection: 'acme-loket', data: { runId: 'run_1' } })
    harness.dispatcher.start()
    await receiver.waitFor(1)
    await harness.dispatcher.drain()
    // Give a wrongly claimed held delivery the time to arrive.
    await harness.dispatcher.runOnce()
    expect(receiver.received.map((r) => r.id)).toEqual([eventId])

    // Held is its own status: not pending, not in the queue gauges.
    const [subscription] = (await api('GET', '/api/webhooks')).body.items
    expect(subscription).toMatchObject({ release: 'manual', counts: { held: 4, pending: 0, delivering: 0 } })
    const metrics = await (await app.request('/metrics')).text()
    expect(metrics).toContain('koppel_delivery_queue_depth 0')
    const listed = await api('GET', '/api/webhooks/benefits/deliveries?status=held')
    expect(listed.body.items.map((d: { messageId: string }) => d.messageId)).toEqual(ids)
    expect(listed.body.items[0]).toMatchObject({ status: 'held', attempts: 0, nextAttemptAt: null })

    const released = await api('POST', '/api/webhooks/benefits/release', {})
    expect(released).toEqual({ status: 200, body: { released: 4, mutationIds: ids } })
    await receiver.waitFor(5)
    await harness.dispatcher.drain()
    expect(receiver.received).toHaveLength(5)
    expect(receiver.received.every((r) => r.verified)).toBe(true)
    const e1 = receiver.received.filter((r) => r.json.data.recordId === 'e1').map((r) => r.json.data.sequence as number)
    expect(e1).toEqual([...e1].sort((a, b) => a - b))
    expect(receiver.received.slice(1).map((r) => r.id).sort()).toEqual([...ids].sort())

    expect((await api('POST', '/api/webhooks/benefits/release', {})).body).toEqual({ released: 0, mutationIds: [] })
    expect((await api('GET', '/api/webhooks/benefits/held')).body).toEqual({ items: [], nextAfter: 0 })
  })

  it('releasing a later mutation of a record releases the earlier held ones of that record first', async () => {
    await setup()
    const ids = await harness.emit(mixed)
    const [e1a, e2, e1b, e1c] = ids as [string, string, string, string]
    // The receiver fails the first attempt: the later ones of e1 must wait for its retry.
    receiver.queue({ status: 500 })
    const released = await api('POST', '/api/webhooks/benefits/release', { mutationIds: [e1c] })
    expect(released).toEqual({ status: 200, body: { released: 3, mutationIds: [e1a, e1b, e1c] } })
    await harness.dispatcher.drain()
    expect(receiver.received.map((r) => r.id)).toEqual([e1a, e1a, e1b, e1c])

    const held = await api('GET', '/api/webhooks/benefits/held')
    expect(held.body.items.map((m: { id: string }) => m.id)).toEqual([e2])
    expect(held.body.items[0]).toMatchObject({ recordId: 'e2', operation: 'updated', changes: change(1) })
    expect(held.body.nextAfter).toBe(held.body.items[0].sequence)
  })

  it('releases up to a sequence, pages what is held, and names unknown ids', async () => {
    await setup()
    const ids = await harness.emit(mixed)
    const page = await api('GET', '/api/webhooks/benefits/held?limit=2')
    expect(page.body.items.map((m: { id: string }) => m.id)).toEqual(ids.slice(0, 2))
    const rest = await api('GET', `/api/webhooks/benefits/held?after=${page.body.nextAfter}&limit=2`)
    expect(rest.body.items.map((m: { id: string }) => m.id)).toEqual(ids.slice(2))
    expect((await api('GET', '/api/webhooks/benefits/held?limit=0')).status).toBe(400)
    expect((await api('GET', '/api/webhooks/nope/held')).status).toBe(404)

    const unknown = await api('POST', '/api/webhooks/benefits/release', { mutationIds: [ids[0], 'mut_bogus'] })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error).toMatchObject({ code: 'invalid_request', details: { unknownMutationIds: ['mut_bogus'] } })
    expect(unknown.body.error.message).toContain('mut_bogus')
    expect((await api('POST', '/api/webhooks/benefits/release', { upToSequence: -1 })).status).toBe(400)
    expect((await api('POST', '/api/webhooks/nope/release', {})).status).toBe(404)
    // Nothing was released by the refused requests.
    expect((await listHeld(harness.db, 'benefits', { limit: 10 })).items).toHaveLength(4)

    const sequence = page.body.items[1].sequence as number
    const upTo = await api('POST', '/api/webhooks/benefits/release', { upToSequence: sequence })
    expect(upTo.body).toEqual({ released: 2, mutationIds: ids.slice(0, 2) })
    await harness.dispatcher.drain()
    expect(receiver.received.map((r) => r.id)).toEqual(ids.slice(0, 2))
    // The plain functions the console uses answer the same.
    expect(await releaseHeld(harness.db, 'benefits', {})).toEqual({ released: 2, mutationIds: ids.slice(2) })
  })

  it('a held earlier mutation blocks later pending ones of the same record (a subscription switched to auto)', async () => {
    const manual = await setup()
    const [first] = await harness.emit([{ recordId: 'e1', operation: 'created' }])
    // The same subscription after a restart with `release: auto`: new mutations are pending.
    const auto = createOutbox({ webhooks: [{ ...manual, release: 'auto' }], log: silentLog, metrics: harness.metrics })
    const later = await emitMutations(harness.db, auto, [{ recordId: 'e1' }, { recordId: 'e9' }])
    await harness.dispatcher.runOnce()
    await receiver.waitFor(1)
    await harness.dispatcher.runOnce()
    expect(receiver.received.map((r) => r.id)).toEqual([later[1]])
    expect((await api('POST', '/api/webhooks/benefits/release', {})).body).toEqual({ released: 1, mutationIds: [first] })
    await harness.dispatcher.drain()
    expect(receiver.received.map((r) => r.id)).toEqual([later[1], first, later[0]])
  })

  it('release on an auto subscription answers released 0', async () => {
    await setup({ release: 'auto' })
    await harness.emit([{ recordId: 'e1' }])
    expect((await api('POST', '/api/webhooks/benefits/release', {})).body).toEqual({ released: 0, mutationIds: [] })
    await harness.dispatcher.drain()
    expect(receiver.received).toHaveLength(1)
  })
})

describe('replay', () => {
  it('of a held mutation is 409 delivery_held; a range skips the held ones', async () => {
    await setup()
    const ids = await harness.emit(mixed)
    const held = await api('POST', '/api/webhooks/benefits/replay', { mutationIds: [ids[1]] })
    expect(held.status).toBe(409)
    expect(held.body.error).toMatchObject({ code: 'delivery_held', details: { mutationIds: [ids[1]] } })
    expect((await api('POST', '/api/webhooks/benefits/replay', { fromSequence: 0 })).body).toEqual({ requeued: 0, madeDue: 0, held: 4 })
    await harness.dispatcher.drain()
    expect(receiver.received).toHaveLength(0)
    expect((await listHeld(harness.db, 'benefits')).items).toHaveLength(4)
  })

  it('makes pending deliveries due now, requeues delivered and failed ones, and names unknown ids', async () => {
    await setup({ release: 'auto', retry_schedule: ['1h', '1h'] })
    // e1 is delivered; e2's first attempt fails and waits an hour for its retry.
    receiver.script((request) => (request.json.data.recordId === 'e2' && receiver.received.filter((r) => r.id === request.id).length === 1 ? { status: 503 } : undefined))
    const [e1, e2] = (await harness.emit([{ recordId: 'e1' }, { recordId: 'e2' }])) as [string, string]
    await harness.dispatcher.runOnce()
    await until(() => receiver.received.length === 2)
    await until(async () => (await api('GET', '/api/webhooks/benefits/deliveries?status=pending')).body.items[0]?.attempts === 1)

    const unknown = await api('POST', '/api/webhooks/benefits/replay', { mutationIds: [e1, 'mut_bogus'] })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.message).toContain('mut_bogus')
    expect(unknown.body.error.details).toEqual({ unknownMutationIds: ['mut_bogus'] })

    const replayed = await api('POST', '/api/webhooks/benefits/replay', { fromSequence: 0 })
    expect(replayed).toEqual({ status: 202, body: { requeued: 1, madeDue: 1, held: 0 } })
    await harness.dispatcher.drain()
    expect(receiver.received.map((r) => r.id).sort()).toEqual([e1, e1, e2, e2].sort())
  })

  it('requeues a failed delivery', async () => {
    await setup({ release: 'auto', retry_schedule: ['10ms'] })
    receiver.queue({ status: 500 }, { status: 500 })
    const [e1] = (await harness.emit([{ recordId: 'e1' }])) as [string]
    await harness.dispatcher.drain()
    expect((await api('GET', '/api/webhooks/benefits/deliveries?status=failed')).body.items).toHaveLength(1)
    expect((await api('POST', '/api/webhooks/benefits/replay', { mutationIds: [e1] })).body).toEqual({ requeued: 1, madeDue: 0, held: 0 })
    await harness.dispatcher.drain()
    expect(receiver.received.map((r) => r.id)).toEqual([e1, e1, e1])
  })
})

describe('enable', () => {
  it('makes the pending deliveries of a re-enabled subscription due now', async () => {
    await setup({ release: 'auto', retry_schedule: ['1h'] })
    // e1 fails once and waits an hour for its retry; e2 answers 410 and disables the subscription.
    const first = new Set<string>()
    receiver.script((request) => {
      if (first.has(request.id)) return undefined
      first.add(request.id)
      return { status: request.json.data.recordId === 'e1' ? 503 : 410 }
    })
    const [e1, e2] = (await harness.emit([{ recordId: 'e1' }, { recordId: 'e2' }])) as [string, string]
    await harness.dispatcher.runOnce()
    await until(async () => (await api('GET', '/api/webhooks')).body.items[0].status === 'disabled')
    await until(async () => (await api('GET', '/api/webhooks/benefits/deliveries?status=pending')).body.items.every((d: { attempts: number }) => d.attempts === 1))
    expect(receiver.received.map((r) => r.id).sort()).toEqual([e1, e2].sort())

    const enabled = await api('POST', '/api/webhooks/benefits/enable')
    expect(enabled.body).toMatchObject({ status: 'enabled' })
    await harness.dispatcher.drain({ timeoutMs: 3000 })
    expect(receiver.received.slice(2).map((r) => r.id).sort()).toEqual([e1, e2].sort())
  })
})
