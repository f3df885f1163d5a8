import { afterEach, describe, expect, it } from 'vitest'
import { put } from '../../fakes/fake-connector.js'
import { sampleEmployee } from '../../fakes/sample-records.js'
import { createGatewayHarness, type GatewayHarness } from './gateway-harness.js'

let h: GatewayHarness | undefined
afterEach(async () => {
  await h?.gateway.close()
  h = undefined
})

type Page = { items: Array<{ id: string; employerId: string }>; nextCursor: string | null }

async function expectNotFound(path: string): Promise<string> {
  const response = await h!.request(path)
  expect(response.status, path).toBe(404)
  const body = (await response.json()) as { error: { code: string; message: string } }
  expect(body.error.code, path).toBe('not_found')
  return body.error.message
}

describe('names in list queries (DESIGN §6)', () => {
  it('an unknown connection in a query is a 404 on records, runs and mutations, never an empty list', async () => {
    h = await createGatewayHarness()
    expect(await expectNotFound('/api/records/employee?connection=nope')).toContain('"nope"')
    await expectNotFound('/api/runs?connection=nope')
    await expectNotFound('/api/mutations?connection=nope')
    await expectNotFound('/api/records/employee?connection=nope&employer=er-1')
    // Known connections still answer, empty or not.
    for (const path of ['/api/records/employee?connection=paused', '/api/runs?connection=paused', '/api/mutations?connection=paused', '/api/runs?connection=']) {
      expect((await h.request(path)).status, path).toBe(200)
    }
  })

  it('employer accepts the source id, the configured ref and the employer number; unknown ones are a 404', async () => {
    h = await createGatewayHarness({ connections: [{ id: 'acme', connector: 'fake', employers: ['er-1', 'er-2'] }] })
    for (let n = 0; n < 3; n++) put(h.source, 'employee', sampleEmployee('er-1', n))
    put(h.source, 'employee', sampleEmployee('er-2', 9))
    put(h.source, 'employer', { id: 'er-1', employerId: 'er-1', number: '4711', name: 'Acme B.V.', chamberOfCommerceNumber: null, payrollTaxNumber: null })
    const started = (await (await h.request('/api/connections/acme/sync', { method: 'POST' })).json()) as { runId: string }
    expect((await h.waitForRun(started.runId)).status).toBe('succeeded')

    const ids = async (path: string) => ((await (await h!.request(path)).json()) as Page).items.map((record) => `${record.employerId}/${record.id}`)
    const er1 = ['er-1/emp-0', 'er-1/emp-1', 'er-1/emp-2']
    expect(await ids('/api/records/employee?employer=er-1')).toEqual(er1)
    expect(await ids('/api/records/employee?connection=acme&employer=er-1')).toEqual(er1)
    // The employer number from the stored employer record.
    expect(await ids('/api/records/employee?employer=4711')).toEqual(er1)
    expect(await ids('/api/records/employee?connection=acme&employer=4711')).toEqual(er1)
    expect(await ids('/api/records/employee?employer=er-2')).toEqual(['er-2/emp-9'])

    expect(await expectNotFound('/api/records/employee?employer=er-404')).toContain('"er-404"')
    await expectNotFound('/api/records/employee?connection=paused&employer=4711')
    await expectNotFound('/api/records/employee?employer=4712')
  })

  it('a configured employer that was never synced is an empty list, not a 404', async () => {
    h = await createGatewayHarness({ connections: [{ id: 'acme', connector: 'fake', employers: ['er-1', '12345'] }] })
    expect(await (await h.request('/api/records/employee?employer=12345')).json()).toEqual({ items: [], nextCursor: null })
    expect(await (await h.request('/api/records/employee?connection=acme&employer=er-1')).json()).toEqual({ items: [], nextCursor: null })
  })
})
