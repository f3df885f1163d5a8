import { afterEach, describe, expect, it } from 'vitest'
import { put } from '../../fakes/fake-connector.js'
import { sampleEmployee } from '../../fakes/sample-records.js'
import { adminToken, createGatewayHarness, type GatewayHarness } from './gateway-harness.js'

let h: GatewayHarness
afterEach(async () => h?.gateway.close())

const adminRoutes: Array<[string, string]> = [
  ['GET', '/api/connectors'], ['GET', '/api/connections'], ['GET', '/api/connections/acme'],
  ['POST', '/api/connections/acme/sync'], ['POST', '/api/connections/acme/check'], ['POST', '/api/connections/acme/authorize'],
  ['PUT', '/api/connections/acme/tokens'], ['GET', '/api/runs'], ['GET', '/api/runs/run_x'], ['GET', '/api/mutations'],
  ['GET', '/api/records/employee'], ['GET', '/api/webhooks'], ['GET', '/api/webhooks/x/deliveries'], ['POST', '/api/webhooks/x/replay'],
]

describe('admin API', () => {
  it('refuses every admin route without, with a wrong or an almost-right token, saying nothing more', async () => {
    h = await createGatewayHarness()
    for (const [method, path] of adminRoutes) {
      for (const token of [null, 'wrong', adminToken.slice(0, -1), `${adminToken}x`, adminToken.toUpperCase()]) {
        const response = await h.request(path, { method, token })
        expect(response.status, `${method} ${path} with ${token}`).toBe(401)
        expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: 'missing or invalid admin token' } })
      }
    }
    const basic = await h.request('/api/connections', { token: null, headers: { authorization: `Basic ${adminToken}` } })
    expect(basic.status).toBe(401)
  })

  it('answers health, readiness and unknown routes in the error shape', async () => {
    h = await createGatewayHarness()
    expect(await (await h.request('/healthz', { token: null })).json()).toEqual({ status: 'ok' })
    const ready = await h.request('/readyz', { token: null })
    expect(ready.status).toBe(200)
    expect(await ready.json()).toMatchObject({ status: 'ready', database: true })
    const missing = await h.request('/api/nothing-here')
    expect(missing.status).toBe(404)
    expect(await missing.json()).toEqual({ error: { code: 'not_found', message: 'no route for GET /api/nothing-here' } })
  })

  it('lists connectors and connections with their state', async () => {
    h = await createGatewayHarness()
    const connectors = (await (await h.request('/api/connectors')).json()) as { items: Array<{ id: string; status: string }> }
    expect(connectors.items.map((c) => c.id)).toEqual(expect.arrayContaining(['loket', 'afas', 'nmbrs', 'generic', 'fake']))
    expect(connectors.items.find((c) => c.id === 'afas')?.status).toBe('stub')
    const list = (await (await h.request('/api/connections')).json()) as { items: Array<Record<string, unknown>> }
    expect(list.items.map((c) => c.id)).toEqual(['acme', 'paused'])
    expect(list.items[0]).toMatchObject({ id: 'acme', connector: 'fake', status: 'ready', enabled: true, employers: ['er-1'], lastRun: null, nextRunAt: null })
    expect((await h.request('/api/connections/nope')).status).toBe(404)
  })

  it('runs a sync through the API: 202 with a run id, 409 while it runs, then the feed and the records', async () => {
    h = await createGatewayHarness({ connections: [{ id: 'acme', connector: 'fake', employers: ['er-1'], initial_sync: 'emit' }] })
    for (let n = 0; n < 25; n++) put(h.source, 'employee', sampleEmployee('er-1', n))
    h.source.delayMs = 5
    const started = await h.request('/api/connections/acme/sync', { method: 'POST', body: '{}' })
    expect(started.status).toBe(202)
    const { runId } = (await started.json()) as { runId: string }
    expect(runId).toMatch(/^run_/)
    const again = await h.request('/api/connections/acme/sync', { method: 'POST' })
    expect(again.status).toBe(409)
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('run_in_progress')
    const run = await h.waitForRun(runId)
    expect(run).toMatchObject({ id: runId, connection: 'acme', status: 'succeeded', error: null })
    expect((run.counts as Record<string, { created: number }>).employee?.created).toBe(25)

    const feed = (await (await h.request('/api/mutations?after=0&limit=10')).json()) as { items: Array<{ sequence: number; operation: string }>; nextAfter: number }
    expect(feed.items).toHaveLength(10)
    expect(feed.items.every((m) => m.operation === 'created')).toBe(true)
    expect(feed.nextAfter).toBe(feed.items[9]!.sequence)
    const rest = (await (await h.request(`/api/mutations?after=${feed.nextAfter}&limit=1000&entity=employee&connection=acme`)).json()) as { items: unknown[]; nextAfter: number }
    expect(rest.items).toHaveLength(15)
    const end = (await (await h.request(`/api/mutations?after=${rest.nextAfter}`)).json()) as { items: unknown[]; nextAfter: number }
    expect(end).toEqual({ items: [], nextAfter: rest.nextAfter })

    const ids: string[] = []
    let cursor: string | null = null
    do {
      const page = (await (await h.request(`/api/records/employee?connection=acme&limit=7${cursor ? `&cursor=${cursor}` : ''}`)).json()) as { items: Array<{ id: string }>; nextCursor: string | null }
      ids.push(...page.items.map((r) => r.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(ids).toHaveLength(25)
    expect(new Set(ids).size).toBe(25)
    const runs = (await (await h.request('/api/runs?connection=acme')).json()) as { items: Array<{ id: string }> }
    expect(runs.items[0]!.id).toBe(runId)
    const connection = (await (await h.request('/api/connections/acme')).json()) as { lastRun: { id: string } }
    expect(connection.lastRun.id).toBe(runId)
  })

  it('validates input with coded errors', async () => {
    h = await createGatewayHarness()
    const cases: Array<[string, RequestInit, number, string]> = [
      ['/api/connections/acme/sync', { method: 'POST', body: '{"force": "yes"}' }, 400, 'invalid_request'],
      ['/api/connections/acme/sync', { method: 'POST', body: '{not json' }, 400, 'invalid_request'],
      ['/api/connections/acme/sync', { method: 'POST', body: '{"mode": "partial"}' }, 400, 'invalid_request'],
      ['/api/connections/acme/sync', { method: 'POST', body: '{"extra": 1}' }, 400, 'invalid_request'],
      ['/api/connections/nope/sync', { method: 'POST' }, 404, 'not_found'],
      ['/api/connections/paused/sync', { method: 'POST' }, 409, 'connection_disabled'],
      ['/api/mutations?limit=5000', {}, 400, 'invalid_request'],
      ['/api/mutations?after=-1', {}, 400, 'invalid_request'],
      ['/api/records/salary', {}, 404, 'not_found'],
      ['/api/records/employee?cursor=garbage', {}, 400, 'invalid_request'],
      ['/api/runs/run_unknown', {}, 404, 'not_found'],
      ['/api/connections/acme/sync', { method: 'POST', body: JSON.stringify({ force: 'x'.repeat(2 * 1024 * 1024) }) }, 413, 'payload_too_large'],
    ]
    for (const [path, init, status, code] of cases) {
      const response = await h.request(path, init)
      expect(response.status, path).toBe(status)
      const body = (await response.json()) as { error: { code: string; message: string } }
      expect(body.error.code, path).toBe(code)
      expect(typeof body.error.message).toBe('string')
    }
  })
})
