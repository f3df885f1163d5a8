import { randomBytes } from 'node:crypto'
import type { Hono } from 'hono'
import { afterEach, describe, expect, it } from 'vitest'
import { gatewayConfigSchema } from '../../../config/schema.js'
import { createApp } from '../../../core/http/app.js'
import type { AppDeps } from '../../../core/http/app-deps.js'
import { metricsRoutes } from '../../../core/http/routes/metrics.js'
import { webhookRoutes } from '../../../core/http/routes/webhooks.js'
import { startWebhookReceiver, type WebhookReceiver } from '../../fakes/webhook-receiver.js'
import { createHarness, newSecret, silentLog, webhookConfig, type Harness } from './harness.js'

const adminToken = 'test-admin-token-0123456789abcdef'
const auth = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }

const json = async (response: Response | Promise<Response>): Promise<any> => (await response).json()

let receiver: WebhookReceiver
let harness: Harness
let app: Hono

afterEach(async () => {
  await receiver.close()
  await harness.db.destroy()
})

async function setup() {
  const secret = newSecret()
  receiver = await startWebhookReceiver({ secrets: [secret] })
  const webhook = webhookConfig({ id: 'benefits', url: receiver.url, secret, events: ['employee.*'] })
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
}

describe('webhook routes', () => {
  it('lists subscriptions with counts and never the secret', async () => {
    await setup()
    receiver.queue({ status: 410 })
    await harness.emit([{ recordId: 'e1' }, { recordId: 'e2' }])
    await harness.dispatcher.runOnce()
    const response = await app.request('/api/webhooks', { headers: auth })
    expect(response.status).toBe(200)
    const text = await response.text()
    expect(text).not.toContain('whsec_')
    const { items } = JSON.parse(text)
    expect(items).toHaveLength(1)
    expect(items[0]).toMatchObject({ id: 'benefits', url: receiver.url, enabled: true, status: 'disabled', disabledReason: 'http_410' })
    expect(items[0].counts.pending + items[0].counts.delivered).toBe(2)

    const enabled = await app.request('/api/webhooks/benefits/enable', { method: 'POST', headers: auth })
    expect(await enabled.json()).toMatchObject({ status: 'enabled', disabledReason: null })
    expect((await app.request('/api/webhooks', {})).status).toBe(401)
  })

  it('pages deliveries with their attempts and rejects bad input', async () => {
    await setup()
    receiver.queue({ status: 500, body: 'nope' })
    const ids = await harness.emit([{ recordId: 'e1' }, { recordId: 'e2' }, { recordId: 'e3' }])
    await harness.dispatcher.drain()

    const first = await json(app.request('/api/webhooks/benefits/deliveries?limit=2', { headers: auth }))
    expect(first.items.map((d: { messageId: string }) => d.messageId)).toEqual(ids.slice(0, 2))
    expect(first.nextCursor).not.toBeNull()
    const retried = first.items.find((d: { attempts: number }) => d.attempts === 2)
    expect(retried).toMatchObject({ type: 'employee.updated', status: 'delivered', nextAttemptAt: null, sequence: expect.any(Number) })
    expect(retried.attemptLog.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 200])
    const second = await json(app.request(`/api/webhooks/benefits/deliveries?limit=2&after=${first.nextCursor}`, { headers: auth }))
    expect(second).toMatchObject({ items: [{ messageId: ids[2] }], nextCursor: null })

    const failed = await json(app.request('/api/webhooks/benefits/deliveries?status=failed', { headers: auth }))
    expect(failed.items).toEqual([])
    const bad = await app.request('/api/webhooks/benefits/deliveries?status=lost', { headers: auth })
    expect(bad.status).toBe(400)
    expect((await json(bad)).error.code).toBe('invalid_request')
    const unknown = await app.request('/api/webhooks/nope/deliveries', { headers: auth })
    expect(unknown.status).toBe(404)
    expect((await json(unknown)).error.code).toBe('not_found')
  })

  it('replays mutations with the same webhook-id', async () => {
    await setup()
    const ids = await harness.emit([{ recordId: 'e1' }, { recordId: 'e2' }, { recordId: 'x1', entity: 'wage' }])
    await harness.dispatcher.drain()
    expect(receiver.received).toHaveLength(2)

    const byId = await app.request('/api/webhooks/benefits/replay', { method: 'POST', headers: auth, body: JSON.stringify({ mutationIds: [ids[0]] }) })
    expect(byId.status).toBe(202)
    expect(await byId.json()).toEqual({ requeued: 1, madeDue: 0, held: 0 })
    // Not delivered yet: asking again does not queue a duplicate, it makes the pending one due now.
    const again = await app.request('/api/webhooks/benefits/replay', { method: 'POST', headers: auth, body: JSON.stringify({ mutationIds: [ids[0]] }) })
    expect(await again.json()).toEqual({ requeued: 0, madeDue: 1, held: 0 })
    await harness.dispatcher.drain()
    expect(receiver.received.map((r) => r.id)).toEqual([ids[0], ids[1], ids[0]])
    expect(receiver.received[2]!.verified).toBe(true)
    expect(receiver.received[2]!.body).toBe(receiver.received[0]!.body)

    // From a sequence on: the wage mutation does not match `employee.*` and is skipped.
    const fromSequence = await app.request('/api/webhooks/benefits/replay', { method: 'POST', headers: auth, body: JSON.stringify({ fromSequence: 2 }) })
    expect(await fromSequence.json()).toEqual({ requeued: 1, madeDue: 0, held: 0 })

    const empty = await app.request('/api/webhooks/benefits/replay', { method: 'POST', headers: auth, body: '{}' })
    expect(empty.status).toBe(400)
    const notJson = await app.request('/api/webhooks/benefits/replay', { method: 'POST', headers: auth, body: 'nope' })
    expect(notJson.status).toBe(400)
    const unknown = await app.request('/api/webhooks/nope/replay', { method: 'POST', headers: auth, body: JSON.stringify({ fromSequence: 1 }) })
    expect(unknown.status).toBe(404)
  })

  it('serves Prometheus metrics with queue gauges', async () => {
    await setup()
    await harness.emit([{ recordId: 'e1' }, { recordId: 'e2' }])
    harness.metrics.counter('koppel_runs_total', 'Sync runs').inc({ connection: 'acme-loket', status: 'succeeded' })
    const before = await (await app.request('/metrics')).text()
    expect(before).toContain('koppel_delivery_queue_depth 2')
    expect(before).toContain('koppel_runs_total{connection="acme-loket",status="succeeded"} 1')
    await harness.dispatcher.drain()
    const response = await app.request('/metrics')
    expect(response.headers.get('content-type')).toContain('text/plain')
    const after = await response.text()
    expect(after).toContain('koppel_delivery_queue_depth 0')
    expect(after).toContain('koppel_delivery_oldest_pending_age_seconds 0')
    expect(after).toContain('koppel_delivery_attempt_duration_seconds_count{subscription="benefits"} 2')
    expect(after).toContain('koppel_delivery_attempt_duration_seconds_bucket{subscription="benefits",le="+Inf"} 2')
    expect(after).toContain('# TYPE koppel_mutations_total counter')
  })
})
