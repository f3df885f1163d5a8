import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLoketSandbox, type StartedLoketSandbox } from '../../../../connectors/loket/sandbox/index.js'

describe('fault injection and request log (real listener)', () => {
  let sandbox: StartedLoketSandbox
  let headers: Record<string, string>
  beforeAll(async () => {
    sandbox = await startLoketSandbox({ employeesPerEmployer: 30 })
    headers = { Authorization: `Bearer ${sandbox.oauth.issueTokens().accessToken}` }
  })
  afterAll(async () => { await sandbox.close() })
  const get = (path: string) => fetch(`${sandbox.apiBaseUrl}${path}`, { headers })

  it('answers an injected status the given number of times, with Retry-After', async () => {
    sandbox.faults.add({ kind: 'status', status: 429, retryAfter: 2, times: 2, path: /\/providers\/employers$/ })
    const first = await get('/providers/employers')
    expect(first.status).toBe(429)
    expect(first.headers.get('retry-after')).toBe('2')
    expect((await get('/providers/employers/lastmodifiedversionnumbers')).status).toBe(200)
    expect((await get('/providers/employers')).status).toBe(429)
    expect((await get('/providers/employers')).status).toBe(200)
    expect(sandbox.faults.pending).toEqual([])
  })

  it('matches by method and substring path; 500 and 503 bodies are JSON', async () => {
    sandbox.faults.add({ kind: 'status', status: 503, method: 'POST', path: '/token' })
    sandbox.faults.add({ kind: 'status', status: 500, path: 'lastmodified' })
    expect((await get('/providers/employers')).status).toBe(200)
    const failing = await get('/providers/employers/lastmodifiedversionnumbers')
    expect(failing.status).toBe(500)
    expect(await failing.json()).toHaveProperty('message')
    const token = await fetch(`${sandbox.oauthBaseUrl}/token`, { method: 'POST', body: 'grant_type=refresh_token' })
    expect(token.status).toBe(503)
  })

  it('serves malformed JSON', async () => {
    sandbox.faults.add({ kind: 'malformed-json' })
    const response = await get('/providers/employers')
    expect(response.status).toBe(200)
    await expect(response.json()).rejects.toThrow()
  })

  it('resets the connection in the middle of the body', async () => {
    sandbox.faults.add({ kind: 'reset' })
    await expect(get('/providers/employers').then((response) => response.text())).rejects.toThrow()
    expect((await get('/providers/employers')).status).toBe(200)
  })

  it('delays one response; latencyMs delays every API request', async () => {
    sandbox.faults.add({ kind: 'delay', ms: 150 })
    let started = Date.now()
    expect((await get('/providers/employers')).status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
    sandbox.latencyMs = 80
    started = Date.now()
    await get('/providers/employers')
    await get('/providers/employers')
    expect(Date.now() - started).toBeGreaterThanOrEqual(150)
    sandbox.latencyMs = 0
  })

  it('shrinks totalPages on a page', async () => {
    const employerId = [...sandbox.data.employers.keys()][0]!
    sandbox.faults.add({ kind: 'shrink-total-pages', path: '/employees' })
    const shrunk = await (await get(`/providers/employers/${employerId}/employees?pageSize=10`)).json() as { totalPages: number; totalSize: number }
    const real = await (await get(`/providers/employers/${employerId}/employees?pageSize=10`)).json() as { totalPages: number; totalSize: number }
    expect(real).toMatchObject({ totalPages: 3, totalSize: 30 })
    expect(shrunk).toMatchObject({ totalPages: 2, totalSize: 20 })
  })

  it('grows totalPages past every page asked for, and answers a wrong currentPage', async () => {
    const employerId = [...sandbox.data.employers.keys()][0]!
    const list = `/providers/employers/${employerId}/employees?pageSize=10`
    sandbox.faults.add({ kind: 'grow-total-pages', path: '/employees', times: 2 })
    expect(await (await get(`${list}&pageNumber=3`)).json()).toMatchObject({ currentPage: 3, totalPages: 4, totalSize: 40 })
    expect(await (await get(`${list}&pageNumber=7`)).json()).toMatchObject({ currentPage: 7, totalPages: 8, totalSize: 80, _embedded: [] })
    sandbox.faults.add({ kind: 'wrong-current-page', path: '/employees' })
    expect(await (await get(`${list}&pageNumber=2`)).json()).toMatchObject({ currentPage: 3, totalPages: 3, totalSize: 30 })
    expect(await (await get(`${list}&pageNumber=2`)).json()).toMatchObject({ currentPage: 2, totalPages: 3 })
  })

  it('logs method, path, query and status of every request; clear() disarms', async () => {
    sandbox.faults.add({ kind: 'status', status: 500, times: Infinity })
    sandbox.faults.clear()
    sandbox.requests.length = 0
    await get('/providers/employers?pageNumber=2&pageSize=5')
    await fetch(`${sandbox.apiBaseUrl}/providers/employers`)
    expect(sandbox.requests).toEqual([
      { method: 'GET', path: '/v2/providers/employers', query: { pageNumber: '2', pageSize: '5' }, status: 200 },
      { method: 'GET', path: '/v2/providers/employers', query: {}, status: 401 },
    ])
  })
})
