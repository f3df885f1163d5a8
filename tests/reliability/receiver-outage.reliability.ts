import { afterAll, describe, expect, it } from 'vitest'
import { startWebhookReceiver } from '../fakes/webhook-receiver.js'
import { authorizeAutomatically, connectionId, createReliabilityWorld, webhookId, type ReliabilityWorld } from './reliability-world.js'

type DeliveryItem = { status: string; attempts: number; attemptLog: Array<{ errorClass: string | null }> }

/**
 * The consumer is down (its port refuses connections) for several retries while two syncs
 * queue creates and then updates of the same records; it comes back on the same port.
 * Everything must arrive, and per record in sequence order.
 */
describe('receiver outage', () => {
  let world: ReliabilityWorld | undefined
  afterAll(async () => world?.close())

  it('delivers everything after the consumer comes back, in sequence order per record', async () => {
    world = await createReliabilityWorld({
      seed: 99, employers: 2, employeesPerEmployer: 15, latencyMs: 0, logLevel: 'warn', initialSync: 'emit', autoApprove: true,
      retrySchedule: Array.from({ length: 30 }, () => '300ms'),
    })
    const { api, sandbox } = world
    const port = Number(new URL(world.receiver.url).port)
    await world.receiver.close()
    await world.startChild()
    await authorizeAutomatically(world)

    expect((await api.sync(connectionId)).status).toBe('succeeded')
    const employees = [...sandbox.data.employees.values()].slice(0, 10)
    for (const entry of employees) sandbox.changeAddress(entry.employee.id)
    for (const entry of [...sandbox.data.employments.values()].slice(0, 5)) sandbox.raiseSalary(entry.employment.id, { percent: 2 })
    expect((await api.sync(connectionId)).status).toBe('succeeded')

    // Down for at least three attempts of the oldest delivery.
    const deadline = Date.now() + 20_000
    for (;;) {
      const page = await api.get<{ items: DeliveryItem[] }>(`/api/webhooks/${webhookId}/deliveries?status=pending&limit=500`)
      if (page.items.some((d) => d.attempts >= 3)) break
      if (Date.now() > deadline) throw new Error('no delivery was retried three times during the outage')
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const receiver = await startWebhookReceiver({ secrets: [world.secrets.webhookSecret], port })
    world.receiver = receiver
    const counts = (await api.drained(webhookId, 60_000)).counts
    expect(counts.failed).toBe(0)

    const feed = await api.feed()
    expect(feed.filter((m) => m.operation === 'updated').length).toBeGreaterThanOrEqual(10)
    const firstArrival = new Map<string, number>()
    receiver.received.forEach((r, index) => {
      if (!firstArrival.has(r.id)) firstArrival.set(r.id, index)
    })
    expect(feed.filter((m) => !firstArrival.has(m.id)).map((m) => m.sequence), 'never delivered').toEqual([])
    expect(receiver.received.every((r) => r.verified)).toBe(true)

    const byRecord = new Map<string, number[]>()
    for (const m of [...feed].sort((a, b) => firstArrival.get(a.id)! - firstArrival.get(b.id)!)) {
      const key = `${m.entity}/${m.recordId}`
      byRecord.set(key, [...(byRecord.get(key) ?? []), m.sequence])
    }
    const outOfOrder = [...byRecord].filter(([, sequences]) => sequences.some((s, i) => i > 0 && s < sequences[i - 1]!))
    expect(outOfOrder.map(([key, sequences]) => `${key}: ${sequences.join(',')}`)).toEqual([])
    expect([...byRecord.values()].filter((s) => s.length > 1).length, 'records with more than one mutation').toBeGreaterThanOrEqual(10)

    const delivered = await api.get<{ items: DeliveryItem[] }>(`/api/webhooks/${webhookId}/deliveries?status=delivered&limit=500`)
    const refused = delivered.items.filter((d) => d.attemptLog.some((a) => a.errorClass === 'connection_refused'))
    expect(refused.length, 'deliveries that met the closed port').toBeGreaterThan(0)
  })
})
