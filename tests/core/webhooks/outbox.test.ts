import { Writable } from 'node:stream'
import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { createMetrics } from '../../../core/metrics.js'
import { recordEvent } from '../../../core/record-event.js'
import { excludeFields } from '../../../core/webhooks/exclude-fields.js'
import { matchesEvent } from '../../../core/webhooks/match-events.js'
import { createOutbox } from '../../../core/webhooks/outbox.js'
import { startWebhookReceiver, type WebhookReceiver } from '../../fakes/webhook-receiver.js'
import { createHarness, newSecret, webhookConfig } from './harness.js'

const receivers: WebhookReceiver[] = []
afterEach(async () => {
  for (const receiver of receivers.splice(0)) await receiver.close()
})

describe('matchesEvent', () => {
  it('matches exact types, group and action wildcards and *', () => {
    expect(matchesEvent(['employee.*'], 'employee.updated')).toBe(true)
    expect(matchesEvent(['employee.*'], 'employment.updated')).toBe(false)
    expect(matchesEvent(['*.deleted'], 'wage.deleted')).toBe(true)
    expect(matchesEvent(['*.deleted'], 'wage.created')).toBe(false)
    expect(matchesEvent(['sync.failed'], 'sync.failed')).toBe(true)
    expect(matchesEvent(['sync.failed'], 'sync.held')).toBe(false)
    expect(matchesEvent(['*'], 'connection.authorization_required')).toBe(true)
  })
})

describe('excludeFields', () => {
  it('removes paths from record and previous and drops changes at or below them', () => {
    const data = {
      id: 'mut_1',
      record: { bsn: '1', name: { firstName: 'A', lastName: 'B' }, city: 'X' },
      previous: { bsn: '2', name: { firstName: 'A', lastName: 'C' }, city: 'X' },
      changes: [
        { path: 'bsn', before: '2', after: '1' },
        { path: 'name.lastName', before: 'C', after: 'B' },
        { path: 'bsnExtra', before: 1, after: 2 },
      ],
    }
    const out = excludeFields(data, ['bsn', 'name.lastName'])
    expect(out.record).toEqual({ name: { firstName: 'A' }, city: 'X' })
    expect(out.previous).toEqual({ name: { firstName: 'A' }, city: 'X' })
    expect(out.changes.map((c) => c.path)).toEqual(['bsnExtra'])
    expect(data.record.bsn).toBe('1')
  })
})

describe('outbox', () => {
  it('writes deliveries only for subscriptions whose event and connection filters match', async () => {
    const url = 'http://127.0.0.1:9/hooks'
    const harness = await createHarness([
      webhookConfig({ id: 'people', url, events: ['employee.*'] }),
      webhookConfig({ id: 'deletes', url, events: ['*.deleted'] }),
      webhookConfig({ id: 'other', url, connections: ['other-loket'] }),
      webhookConfig({ id: 'all', url, enabled: false }),
    ])
    await harness.emit([
      { recordId: 'e1', entity: 'employee', operation: 'updated' },
      { recordId: 'm1', entity: 'employment', operation: 'deleted' },
      { recordId: 'w1', entity: 'wage', operation: 'created', connection: 'other-loket' },
    ])
    await recordEvent(harness.db, harness.outbox, { type: 'sync.succeeded', connection: null, data: { runId: 'run_1' } })

    // Each message's body is stored once (message_payloads), shared by its deliveries.
    const rows = await harness.db
      .selectFrom('deliveries')
      .innerJoin('message_payloads', 'message_payloads.message_id', 'deliveries.message_id')
      .select(['subscription_id', 'payload', 'status'])
      .orderBy('deliveries.id')
      .execute()
    const types = (id: string) => rows.filter((r) => r.subscription_id === id).map((r) => JSON.parse(r.payload).type)
    expect(types('people')).toEqual(['employee.updated'])
    expect(types('deletes')).toEqual(['employment.deleted'])
    expect(types('other')).toEqual(['wage.created', 'sync.succeeded'])
    expect(types('all')).toEqual(['employee.updated', 'employment.deleted', 'wage.created', 'sync.succeeded'])
    expect(rows.every((r) => r.status === 'pending')).toBe(true)
    await harness.db.destroy()
  })

  it('removes exclude_fields for one subscription and not for another', async () => {
    const [minimal, full] = [newSecret(), newSecret()]
    const minimalReceiver = await startWebhookReceiver({ secrets: [minimal] })
    const fullReceiver = await startWebhookReceiver({ secrets: [full] })
    receivers.push(minimalReceiver, fullReceiver)
    const harness = await createHarness([
      webhookConfig({ id: 'minimal', url: minimalReceiver.url, secret: minimal, exclude_fields: ['bsn', 'address'] }),
      webhookConfig({ id: 'full', url: fullReceiver.url, secret: full }),
    ])
    const record = { id: 'e1', bsn: '111222333', address: { street: 'Dam' }, employeeNumber: 7 }
    const previous = { id: 'e1', bsn: '999999999', address: { street: 'Rokin' }, employeeNumber: 7 }
    const changes = [
      { path: 'bsn', before: '999999999', after: '111222333' },
      { path: 'address.street', before: 'Rokin', after: 'Dam' },
    ]
    const [id] = await harness.emit([{ recordId: 'e1', record, previous, changes }])
    await harness.dispatcher.drain()

    const [got] = await minimalReceiver.waitFor(1)
    expect(got!.verified).toBe(true)
    expect(got!.json).toMatchObject({ type: 'employee.updated', data: { id, record: { id: 'e1', employeeNumber: 7 }, previous: { id: 'e1', employeeNumber: 7 }, changes: [] } })
    expect(got!.body).not.toContain('111222333')
    expect(got!.body).not.toContain('Dam')
    const [all] = await fullReceiver.waitFor(1)
    expect(all!.json.data).toMatchObject({ record, previous, changes, sequence: 1, connection: 'acme-loket', operation: 'updated' })
    await harness.db.destroy()
  })

  it('refuses a payload over 256 KiB, logging the mutation id only', async () => {
    const lines: string[] = []
    const log = pino({ level: 'info' }, new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }))
    const metrics = createMetrics()
    const receiver = await startWebhookReceiver({ secrets: [newSecret()] })
    receivers.push(receiver)
    const webhooks = [webhookConfig({ id: 'benefits', url: receiver.url })]
    const harness = await createHarness(webhooks)
    const outbox = createOutbox({ webhooks, log, metrics })
    const [id] = await harness.emit([{ recordId: 'small' }])
    const huge = { id: 'e2', note: 'x'.repeat(300 * 1024) }
    const message = { id: 'mut_huge', type: 'employee.created', timestamp: new Date().toISOString(), connection: 'acme-loket', sequence: 99, orderingKey: 'acme-loket/employee/e2', data: { record: huge } }
    await harness.db.transaction().execute((trx) => outbox.enqueue(trx, [message]))

    const refused = await harness.db
      .selectFrom('deliveries')
      .innerJoin('delivery_payloads', 'delivery_payloads.delivery_id', 'deliveries.id')
      .selectAll()
      .where('message_id', '=', 'mut_huge')
      .executeTakeFirstOrThrow()
    expect(refused.status).toBe('refused')
    expect(refused.payload.length).toBeLessThan(1000)
    expect(lines.join('')).toContain('mut_huge')
    expect(lines.join('')).not.toContain('xxxxxxxx')
    expect(await metrics.render()).toContain('koppel_deliveries_total{status="refused",subscription="benefits"} 1')
    await harness.dispatcher.drain()
    expect(receiver.received.map((r) => r.id)).toEqual([id])
    await harness.db.destroy()
  })
})
