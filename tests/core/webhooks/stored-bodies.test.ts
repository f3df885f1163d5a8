import { afterEach, describe, expect, it } from 'vitest'
import { recordEvent } from '../../../core/record-event.js'
import { migrate, openDatabase, type Db } from '../../../core/storage/open-database.js'
import { migrations } from '../../../core/storage/migrations.js'
import { pruneDeliveryBatch } from '../../../core/storage/prune-deliveries.js'
import { syncSubscriptions } from '../../../core/storage/subscriptions.js'
import { buildPayload, renderPayload } from '../../../core/webhooks/build-payload.js'
import { createDispatcher } from '../../../core/webhooks/dispatcher.js'
import { replayDeliveries } from '../../../core/webhooks/replay-deliveries.js'
import { secretKey, signature } from '../../../core/webhooks/sign.js'
import { createMetrics } from '../../../core/metrics.js'
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from '../../fakes/webhook-receiver.js'
import { createHarness, newSecret, silentLog, until, webhookConfig } from './harness.js'

const receivers: WebhookReceiver[] = []
const dbs: Db[] = []
afterEach(async () => {
  for (const receiver of receivers.splice(0)) await receiver.close()
  for (const db of dbs.splice(0)) await db.destroy()
})

const count = async (db: Db, table: 'message_payloads' | 'delivery_payloads' | 'deliveries') =>
  Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)

/** The signature a request carries is the one of these bytes at its own timestamp. */
function expectSignedBytes(request: ReceivedWebhook, secret: string, body: string): void {
  expect(request.body).toBe(body)
  expect(request.signature).toBe(signature(secretKey(secret), request.id, Number(request.timestamp), body))
  expect(request.verified).toBe(true)
}

const record = { id: 'e1', bsn: '111222333', address: { street: 'Dam', city: 'Amsterdam' }, employeeNumber: 7 }
const previous = { id: 'e1', bsn: '999999999', address: { street: 'Rokin', city: 'Amsterdam' }, employeeNumber: 7 }
const changes = [{ path: 'bsn', before: '999999999', after: '111222333' }, { path: 'address.street', before: 'Rokin', after: 'Dam' }]

describe('stored webhook bodies', () => {
  it('stores one body per mutation, however many subscriptions it goes to', async () => {
    const url = 'http://127.0.0.1:9/hooks'
    const webhooks = Array.from({ length: 10 }, (_, i) => webhookConfig({ id: `hook-${i}`, url, exclude_fields: i % 2 ? ['bsn'] : [] }))
    const harness = await createHarness(webhooks)
    dbs.push(harness.db)
    await harness.emit([{ recordId: 'e1', record, previous, changes }, { recordId: 'e2' }])
    await recordEvent(harness.db, harness.outbox, { type: 'sync.succeeded', connection: 'acme-loket', data: { runId: 'run_1' } })
    expect(await count(harness.db, 'deliveries')).toBe(30)
    expect(await count(harness.db, 'message_payloads')).toBe(3)
    expect(await count(harness.db, 'delivery_payloads')).toBe(0)
  })

  it('sends the same bytes and signature on attempt 1, a retry and a replay, exclude_fields applied', async () => {
    const [minimal, full] = [newSecret(), newSecret()]
    const minimalReceiver = await startWebhookReceiver({ secrets: [minimal] })
    const fullReceiver = await startWebhookReceiver({ secrets: [full] })
    receivers.push(minimalReceiver, fullReceiver)
    const webhooks = [
      webhookConfig({ id: 'minimal', url: minimalReceiver.url, secret: minimal, exclude_fields: ['bsn', 'address.street'] }),
      webhookConfig({ id: 'full', url: fullReceiver.url, secret: full }),
    ]
    const harness = await createHarness(webhooks)
    dbs.push(harness.db)
    minimalReceiver.queue({ status: 500 })
    fullReceiver.queue({ status: 503 })
    const [id] = await harness.emit([{ recordId: 'e1', record, previous, changes }])
    await harness.dispatcher.drain()
    await minimalReceiver.waitFor(2)
    await fullReceiver.waitFor(2)
    for (const webhook of webhooks) expect(await replayDeliveries(harness.db, webhook, { mutationIds: [id!] })).toMatchObject({ requeued: 1 })
    await harness.dispatcher.drain()
    const [first, retry, replay] = await minimalReceiver.waitFor(3)
    const all = await fullReceiver.waitFor(3)

    // What the subscription is sent: the body built for it, minus its fields.
    const body = first!.body
    expect(first!.json).toMatchObject({ type: 'employee.updated', data: { id, record: { id: 'e1', address: { city: 'Amsterdam' }, employeeNumber: 7 }, changes: [] } })
    expect(body).not.toContain('111222333')
    expect(body).not.toContain('Dam')
    for (const request of [first!, retry!, replay!]) {
      expect(request.id).toBe(id)
      expectSignedBytes(request, minimal, body)
    }
    // Within one second the whole header set is the same, signature included.
    if (first!.timestamp === retry!.timestamp) expect(retry!.signature).toBe(first!.signature)
    expect(all[0]!.json.data).toMatchObject({ record, previous, changes })
    for (const request of all) expectSignedBytes(request, full, all[0]!.body)
    // One stored body for the message, its deliveries (2 subscriptions × attempt and replay) share it.
    expect(await count(harness.db, 'message_payloads')).toBe(1)
  })

  it('renders exactly the bytes buildPayload gives for a subscription', () => {
    const message = {
      id: 'mut_1', type: 'employee.updated', timestamp: '2026-03-01T10:00:00.000Z', connection: 'acme', sequence: 4, orderingKey: 'k',
      data: { id: 'mut_1', sequence: 4, record: { '10': 'ten', '2': 'two', name: 'é"\u2028', nested: { a: [1, { b: null }] } }, previous: null, changes: [{ path: 'name', before: 'x', after: 'y' }] },
    }
    const stored = buildPayload(message)
    for (const exclude of [[], ['name'], ['nested.a', '10'], ['missing.path']]) expect(renderPayload(stored, exclude)).toBe(buildPayload(message, exclude))
    expect(renderPayload(stored, [])).toBe(stored)
  })

  it('delivers operational events from the shared body too', async () => {
    const secret = newSecret()
    const receiver = await startWebhookReceiver({ secrets: [secret] })
    receivers.push(receiver)
    const harness = await createHarness([webhookConfig({ id: 'ops', url: receiver.url, secret, exclude_fields: ['bsn'] })])
    dbs.push(harness.db)
    const id = await recordEvent(harness.db, harness.outbox, { type: 'sync.failed', connection: 'acme-loket', data: { runId: 'run_9', code: 'upstream_unavailable' } })
    await harness.dispatcher.drain()
    const [got] = await receiver.waitFor(1)
    expect(got!.id).toBe(id)
    expect(got!.verified).toBe(true)
    expect(got!.json).toMatchObject({ type: 'sync.failed', data: { id, connection: 'acme-loket', runId: 'run_9', code: 'upstream_unavailable' } })
  })

  it('prunes a message body with its last delivery, not before', async () => {
    const url = 'http://127.0.0.1:9/hooks'
    const harness = await createHarness([webhookConfig({ id: 'a', url }), webhookConfig({ id: 'b', url })])
    dbs.push(harness.db)
    await harness.emit([{ recordId: 'e1' }])
    const past = '2020-01-01T00:00:00.000Z'
    await harness.db.updateTable('deliveries').set({ status: 'delivered', created_at: past, finished_at: past }).where('subscription_id', '=', 'a').execute()
    expect(await pruneDeliveryBatch(harness.db, { cutoff: '2021-01-01T00:00:00.000Z', after: 0, limit: 100 })).toMatchObject({ pruned: 1 })
    expect(await count(harness.db, 'message_payloads')).toBe(1)
    await harness.db.updateTable('deliveries').set({ status: 'delivered', created_at: past, finished_at: past }).execute()
    expect(await pruneDeliveryBatch(harness.db, { cutoff: '2021-01-01T00:00:00.000Z', after: 0, limit: 100 })).toMatchObject({ pruned: 1 })
    expect(await count(harness.db, 'message_payloads')).toBe(0)
  })
})

describe('0014_message_payloads', () => {
  it('leaves the bodies of deliveries queued before it where they are, and they send the same bytes', async () => {
    const secret = newSecret()
    const receiver = await startWebhookReceiver({ secrets: [secret] })
    receivers.push(receiver)
    const webhook = webhookConfig({ id: 'legacy', url: receiver.url, secret, exclude_fields: ['bsn'] })
    // A database at the migration before this one, with a pending delivery and its own body.
    const db = await openDatabase({ path: ':memory:' })
    dbs.push(db)
    const index = migrations.findIndex((m) => m.name === '0014_message_payloads')
    expect(index).toBeGreaterThan(0)
    await db.schema.dropTable('message_payloads').execute()
    await db.deleteFrom('schema_migrations').where('name', '=', '0014_message_payloads').execute()
    await syncSubscriptions(db, [webhook])
    const now = new Date().toISOString()
    const { id } = await db.insertInto('deliveries').values({
      subscription_id: 'legacy', message_id: 'mut_old', sequence: 1, ordering_key: 'k', status: 'pending', attempts: 0, next_attempt_at: now, created_at: now,
    }).returning('id').executeTakeFirstOrThrow()
    const queued = '{"type":"employee.updated","timestamp":"2026-01-01T00:00:00.000Z","data":{"id":"mut_old","bsn":"kept: excluded before"}}'
    await db.insertInto('delivery_payloads').values({ delivery_id: id, payload: queued }).execute()

    expect(await migrate(db)).toEqual(['0014_message_payloads'])
    const dispatcher = createDispatcher({ db, webhooks: [webhook], delivery: { concurrency: 4, poll_interval: '20ms' }, log: silentLog, metrics: createMetrics() })
    await dispatcher.drain()
    const [got] = await receiver.waitFor(1)
    expectSignedBytes(got!, secret, queued)
    await until(async () => (await db.selectFrom('deliveries').select('status').executeTakeFirstOrThrow()).status === 'delivered')
  })
})
