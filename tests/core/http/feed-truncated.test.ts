import { afterEach, describe, expect, it } from 'vitest'
import { put } from '../../fakes/fake-connector.js'
import { sampleEmployee } from '../../fakes/sample-records.js'
import { createGatewayHarness, type GatewayHarness } from './gateway-harness.js'

let harness: GatewayHarness
afterEach(async () => {
  await harness?.gateway.close()
})

const later = (days: number) => new Date(Date.now() + days * 86_400_000)

async function sync(connection: string): Promise<void> {
  const started = await harness.request(`/api/connections/${connection}/sync`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })
  expect(started.status).toBe(202)
  const { runId } = (await started.json()) as { runId: string }
  expect((await harness.waitForRun(runId)).status).toBe('succeeded')
}

describe('GET /api/mutations after retention', () => {
  it('answers 410 feed_truncated with details.oldestSequence, and the feed goes on from there', async () => {
    harness = await createGatewayHarness({
      connections: [
        { id: 'acme', connector: 'fake', employers: ['er-1'], initial_sync: 'emit' },
        { id: 'other', connector: 'fake', employers: ['er-2'], initial_sync: 'emit' },
      ],
    })
    for (let n = 0; n < 3; n++) put(harness.source, 'employee', sampleEmployee('er-1', n))
    await sync('acme')
    const before = (await (await harness.request('/api/mutations?after=0')).json()) as { items: { sequence: number }[]; nextAfter: number }
    expect(before.items).toHaveLength(3)

    // No webhooks, so nothing waits for these: 91 days on, they are past the 90d window and
    // all three go. The sequence counter (not MAX(sequence)+1) numbers the next run's
    // mutations after them, so no sequence comes twice.
    expect((await harness.gateway.pruner.pruneNow({ now: later(91) })).mutations).toBe(3)
    put(harness.source, 'employee', sampleEmployee('er-1', 0, { nationality: { code: 'BE', label: 'Belgische' } }))
    await sync('acme')
    put(harness.source, 'employee', sampleEmployee('er-2', 0))
    await sync('other')

    const truncated = await harness.request('/api/mutations?after=0')
    expect(truncated.status).toBe(410)
    const body = (await truncated.json()) as { error: { code: string; message: string; details: { oldestSequence: number } } }
    expect(body.error.code).toBe('feed_truncated')
    expect(body.error.details.oldestSequence).toBe(before.nextAfter + 1)
    // Asking from the last pruned sequence on is complete, so it is answered.
    const rest = await harness.request(`/api/mutations?after=${body.error.details.oldestSequence - 1}`)
    expect(rest.status).toBe(200)
    const sequences = ((await rest.json()) as { items: { sequence: number }[] }).items.map((item) => item.sequence)
    expect(sequences).toEqual([before.nextAfter + 1, before.nextAfter + 2])
    expect((await harness.request(`/api/mutations?after=${before.nextAfter}`)).status).toBe(200)
    expect((await harness.request(`/api/mutations?after=${before.nextAfter - 1}`)).status).toBe(410)
    // Nothing of `other` was pruned: its feed is whole from 0.
    const other = await harness.request('/api/mutations?after=0&connection=other')
    expect(other.status).toBe(200)
    expect(((await other.json()) as { items: unknown[] }).items).toHaveLength(1)
    expect((await harness.request('/api/mutations?after=0&connection=acme&entity=employee')).status).toBe(410)
  })
})
