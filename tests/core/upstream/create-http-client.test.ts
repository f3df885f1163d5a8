import { afterEach, describe, expect, it } from 'vitest'
import { KoppelError } from '../../../core/errors.js'
import { createHttpClient, type HttpClientOptions } from '../../../core/upstream/create-http-client.js'
import { json, recordingLogger, startTestServer, type TestServer } from './start-test-server.js'

let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

function client(overrides: Partial<HttpClientOptions> = {}) {
  const log = recordingLogger()
  const http = createHttpClient({ concurrency: 4, timeoutMs: 2000, baseDelayMs: 5, maxDelayMs: 20, log, userAgent: 'koppel/test', ...overrides })
  return { http, log }
}

async function failure(promise: Promise<unknown>): Promise<KoppelError> {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(KoppelError)
  return error as KoppelError
}

describe('createHttpClient', () => {
  it('retries 500 twice, then returns the 200 body, logging without bodies', async () => {
    server = await startTestServer((_req, res, n) => (n <= 2 ? json(res, 500, { secret: 'bsn 123' }) : json(res, 200, { ok: n })))
    const { http, log } = client()
    expect(await http.getJson(`${server.url}/v2/employees?filter=x`)).toEqual({ ok: 3 })
    expect(server.count).toBe(3)
    const warns = log.lines.filter((line) => line.level === 'warn')
    expect(warns).toHaveLength(2)
    expect(warns[0]!.obj).toMatchObject({ status: 500, attempt: 1, path: '/v2/employees' })
    expect(JSON.stringify(log.lines)).not.toContain('bsn')
    expect(JSON.stringify(log.lines)).not.toContain('filter')
  })

  it('honours Retry-After on 503', async () => {
    server = await startTestServer((_req, res, n) => (n === 1 ? json(res, 503, {}, { 'retry-after': '1' }) : json(res, 200, [])))
    const started = Date.now()
    await client().http.getJson(`${server.url}/x`)
    expect(Date.now() - started).toBeGreaterThanOrEqual(950)
    expect(server.count).toBe(2)
  })

  it('gives up on 429 after the configured retries with upstream_rate_limited', async () => {
    server = await startTestServer((_req, res) => json(res, 429, {}, { 'retry-after': '0' }))
    const error = await failure(client({ retries: 2 }).http.getJson(`${server.url}/limited?page=2`))
    expect(error.code).toBe('upstream_rate_limited')
    expect(error.details).toEqual({ status: 429, path: '/limited' })
    expect(server.count).toBe(3)
  })

  it('times out slow answers with upstream_timeout after retrying', async () => {
    server = await startTestServer(() => undefined) // never answers
    const error = await failure(client({ timeoutMs: 100, retries: 1 }).http.getJson(`${server.url}/slow`))
    expect(error.code).toBe('upstream_timeout')
    expect(server.count).toBe(2)
  })

  it('retries a connection reset in the middle of the body', async () => {
    server = await startTestServer((_req, res, n) => {
      if (n === 1) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' })
        res.write('{"items": [')
        setTimeout(() => res.socket?.destroy(), 20)
        return
      }
      json(res, 200, { items: [1] })
    })
    expect(await client().http.getJson(`${server.url}/body`)).toEqual({ items: [1] })
    expect(server.count).toBe(2)
  })

  it('turns an unreachable server into upstream_unavailable', async () => {
    server = await startTestServer(() => undefined)
    const url = server.url
    await server.close()
    server = undefined
    const error = await failure(client({ retries: 1 }).http.getJson(`${url}/gone`))
    expect(error.code).toBe('upstream_unavailable')
  })

  it('reports malformed JSON as upstream_bad_response', async () => {
    server = await startTestServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"name": "Jansen"')
    })
    const error = await failure(client().http.getJson(`${server.url}/broken`))
    expect(error.code).toBe('upstream_bad_response')
    expect(error.message).not.toContain('Jansen')
    expect(server.count).toBe(1)
  })

  it.each([
    [403, 'upstream_forbidden'],
    [404, 'upstream_not_found'],
    [400, 'upstream_bad_response'],
  ])('does not retry %i (%s)', async (status, code) => {
    server = await startTestServer((_req, res) => json(res, status, { message: 'no' }))
    const error = await failure(client().http.getJson(`${server.url}/four`))
    expect(error.code).toBe(code)
    expect(error.details).toEqual({ status, path: '/four' })
    expect(server.count).toBe(1)
  })

  it('request() hands back a final 4xx as is', async () => {
    server = await startTestServer((_req, res) => json(res, 404, { message: 'gone' }))
    const response = await client().http.request(`${server.url}/x`, { query: { a: 1, b: undefined } })
    expect(response.status).toBe(404)
    expect(server.requests[0]!.path).toBe('/x?a=1')
    expect(server.requests[0]!.userAgent).toBe('koppel/test')
  })

  it('keeps no more than `concurrency` requests in flight', async () => {
    server = await startTestServer((_req, res) => void setTimeout(() => json(res, 200, {}), 30))
    const { http } = client({ concurrency: 3 })
    await Promise.all(Array.from({ length: 12 }, (_, i) => http.getJson(`${server!.url}/c${i}`)))
    expect(server.count).toBe(12)
    expect(server.maxInFlight).toBe(3)
  })

  it('frees the slot while a request waits for its retry', async () => {
    let firstA = true
    server = await startTestServer((req, res) => {
      if (req.url === '/a' && firstA) {
        firstA = false
        return json(res, 503, {}, { 'retry-after': '1' })
      }
      json(res, 200, { path: req.url })
    })
    const { http } = client({ concurrency: 1 })
    const a = http.getJson(`${server.url}/a`)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(await http.getJson(`${server.url}/b`)).toEqual({ path: '/b' })
    await a
    expect(server.requests.map((r) => r.path)).toEqual(['/a', '/b', '/a'])
  })

  it('refreshes the token once on 401 and retries once', async () => {
    const refreshed: Array<string | undefined> = []
    const tokens = { getAccessToken: async () => 'old', refresh: async (stale?: string) => (refreshed.push(stale), 'new') }
    server = await startTestServer((req, res) => (req.headers.authorization === 'Bearer new' ? json(res, 200, { ok: true }) : json(res, 401, {})))
    expect(await client({ tokens }).http.getJson(`${server.url}/me`)).toEqual({ ok: true })
    expect(refreshed).toEqual(['old'])
    expect(server.requests.map((r) => r.authorization)).toEqual(['Bearer old', 'Bearer new'])
  })

  it('gives up with upstream_unauthorized on a second 401', async () => {
    let refreshes = 0
    const tokens = { getAccessToken: async () => 'old', refresh: async () => (refreshes++, 'new') }
    server = await startTestServer((_req, res) => json(res, 401, {}))
    const error = await failure(client({ tokens }).http.getJson(`${server.url}/me`))
    expect(error.code).toBe('upstream_unauthorized')
    expect(refreshes).toBe(1)
    expect(server.count).toBe(2)
  })

  it('stops retrying when the run is aborted', async () => {
    server = await startTestServer((_req, res) => json(res, 500, {}))
    const controller = new AbortController()
    const pending = client({ signal: controller.signal, baseDelayMs: 5000, maxDelayMs: 5000 }).http.getJson(`${server.url}/x`)
    setTimeout(() => controller.abort(), 50)
    const error = await failure(pending)
    expect(error.code).toBe('aborted')
  })
})
