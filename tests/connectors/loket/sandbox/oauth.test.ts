import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLoketSandbox, startLoketSandbox, type StartedLoketSandbox } from '../../../../connectors/loket/sandbox/index.js'

const redirectUri = 'http://127.0.0.1:9/oauth/callback'
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()

describe('simulated Loket OAuth over a real listener', () => {
  let sandbox: StartedLoketSandbox
  beforeAll(async () => { sandbox = await startLoketSandbox({ employeesPerEmployer: 3 }) })
  afterAll(async () => { await sandbox.close() })

  const token = (fields: Record<string, string>, init: { contentType?: string; basic?: boolean } = {}) => {
    const headers: Record<string, string> = { 'Content-Type': init.contentType ?? 'application/x-www-form-urlencoded' }
    const body = { ...fields }
    if (init.basic) headers.Authorization = `Basic ${Buffer.from('koppel-sandbox:sandbox-secret').toString('base64')}`
    else Object.assign(body, { client_id: 'koppel-sandbox', client_secret: 'sandbox-secret' })
    return fetch(`${sandbox.oauthBaseUrl}/token`, { method: 'POST', headers, body: form(body) })
  }

  /** Walks the consent page like a browser and returns the code from the redirect. */
  const consent = async (decision: 'allow' | 'deny'): Promise<URL> => {
    const query = form({ client_id: 'koppel-sandbox', redirect_uri: redirectUri, response_type: 'code', scope: 'all', state: 'st-1' })
    const page = await fetch(`${sandbox.oauthBaseUrl}/authorize?${query}`)
    const html = await page.text()
    expect(html).toContain('Toestaan')
    expect(html).toContain('Weigeren')
    const requestId = /name="request_id" value="([^"]+)"/.exec(html)?.[1] ?? ''
    const answer = await fetch(`${sandbox.oauthBaseUrl}/authorize/decision`, {
      method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form({ request_id: requestId, decision }),
    })
    expect(answer.status).toBe(302)
    return new URL(answer.headers.get('location') ?? '')
  }

  it('runs the authorization-code grant through the consent page; codes are single use', async () => {
    const location = await consent('allow')
    expect(location.origin + location.pathname).toBe(redirectUri)
    expect([...location.searchParams.keys()]).toEqual(['state', 'code'])
    expect(location.searchParams.get('state')).toBe('st-1')
    const code = location.searchParams.get('code') ?? ''
    const response = await token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri })
    expect(response.status).toBe(200)
    const body = await response.json() as Record<string, unknown>
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 3599, two_factor_state: 'None' })
    expect(body.access_token).toMatch(/^[\w-]+$/)
    expect(body.refresh_token).toMatch(/^[\w-]+$/)
    const api = await fetch(`${sandbox.apiBaseUrl}/providers/employers`, { headers: { Authorization: `Bearer ${String(body.access_token)}` } })
    expect(api.status).toBe(200)
    const reuse = await token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri })
    expect(reuse.status).toBe(400)
    expect(await reuse.json()).toEqual({ error: 'invalid_grant' })
  })

  it('redirects with access_denied when the user refuses', async () => {
    const location = await consent('deny')
    expect(location.searchParams.get('error')).toBe('access_denied')
    expect(location.searchParams.get('state')).toBe('st-1')
    expect(location.searchParams.has('code')).toBe(false)
  })

  it('rejects a code exchanged with another redirect_uri', async () => {
    const code = (await consent('allow')).searchParams.get('code') ?? ''
    const response = await token({ grant_type: 'authorization_code', code, redirect_uri: 'http://127.0.0.1:9/other' })
    expect(await response.json()).toEqual({ error: 'invalid_grant' })
  })

  it('validates client_id and response_type on /authorize', async () => {
    const bad = await fetch(`${sandbox.oauthBaseUrl}/authorize?${form({ client_id: 'nope', redirect_uri: redirectUri, response_type: 'code' })}`)
    expect(bad.status).toBe(400)
    const badType = await fetch(`${sandbox.oauthBaseUrl}/authorize?${form({ client_id: 'koppel-sandbox', redirect_uri: redirectUri, response_type: 'token' })}`)
    expect(badType.status).toBe(400)
  })

  it('rotates refresh tokens: the old one gets invalid_grant; Basic auth and text/plain work', async () => {
    const first = sandbox.oauth.issueTokens()
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: first.refreshToken }, { basic: true, contentType: 'text/plain' })
    expect(refreshed.status).toBe(200)
    const pair = await refreshed.json() as { refresh_token: string }
    expect(pair.refresh_token).not.toBe(first.refreshToken)
    const reused = await token({ grant_type: 'refresh_token', refresh_token: first.refreshToken })
    expect(reused.status).toBe(400)
    expect(await reused.json()).toEqual({ error: 'invalid_grant' })
    const next = await token({ grant_type: 'refresh_token', refresh_token: pair.refresh_token })
    expect(next.status).toBe(200)
  })

  it('answers invalid_client with 401 for a wrong secret', async () => {
    const response = await fetch(`${sandbox.oauthBaseUrl}/token`, {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form({ grant_type: 'refresh_token', refresh_token: sandbox.oauth.issueTokens().refreshToken, client_id: 'koppel-sandbox', client_secret: 'wrong' }),
    })
    expect(response.status).toBe(401)
    expect(await response.json()).toEqual({ error: 'invalid_client' })
  })

  it('counts token requests per grant', () => {
    expect(sandbox.oauth.tokenRequests.authorization_code).toBe(3)
    expect(sandbox.oauth.tokenRequests.refresh_token).toBe(4)
  })
})

describe('OAuth controls', () => {
  const request = (sandbox: ReturnType<typeof createLoketSandbox>, accessToken: string) =>
    sandbox.app.request('/v2/providers/employers', { headers: { Authorization: `Bearer ${accessToken}` } })

  it('autoApprove redirects straight back with a code', async () => {
    const sandbox = createLoketSandbox({ autoApprove: true, employeesPerEmployer: 1 })
    const response = await sandbox.app.request(`/authorize?${form({ client_id: 'koppel-sandbox', redirect_uri: redirectUri, response_type: 'code', scope: 'all', state: 'x' })}`)
    expect(response.status).toBe(302)
    expect(new URL(response.headers.get('location') ?? '').searchParams.get('code')).toMatch(/^[\w-]+$/)
  })

  it('401 without a token, with a malformed one, and after expireAccessTokens()', async () => {
    const sandbox = createLoketSandbox({ employeesPerEmployer: 1 })
    const { accessToken } = sandbox.oauth.issueTokens()
    expect((await sandbox.app.request('/v2/providers/employers')).status).toBe(401)
    expect((await request(sandbox, 'not a token')).status).toBe(401)
    expect((await request(sandbox, accessToken)).status).toBe(200)
    sandbox.oauth.expireAccessTokens()
    const expired = await request(sandbox, accessToken)
    expect(expired.status).toBe(401)
    expect(await expired.json()).toEqual({ message: 'Authorization has been denied for this request.' })
  })

  it('access tokens expire after their ttl on the sandbox clock', async () => {
    let now = Date.parse('2026-03-01T10:00:00Z')
    const sandbox = createLoketSandbox({ employeesPerEmployer: 1, accessTokenTtlSeconds: 60, now: () => now })
    const { accessToken, expiresIn } = sandbox.oauth.issueTokens()
    expect(expiresIn).toBe(60)
    expect((await request(sandbox, accessToken)).status).toBe(200)
    now += 61_000
    expect((await request(sandbox, accessToken)).status).toBe(401)
  })

  it('revokeRefreshTokens() makes the next refresh fail; rotation can be switched off', async () => {
    const sandbox = createLoketSandbox({ employeesPerEmployer: 1, rotateRefreshTokens: false })
    const refresh = (refreshToken: string) => sandbox.app.request('/token', {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: 'koppel-sandbox', client_secret: 'sandbox-secret' }),
    })
    const { refreshToken } = sandbox.oauth.issueTokens()
    expect((await refresh(refreshToken)).status).toBe(200)
    expect((await refresh(refreshToken)).status).toBe(200)
    sandbox.oauth.revokeRefreshTokens()
    const revoked = await refresh(refreshToken)
    expect(revoked.status).toBe(400)
    expect(await revoked.json()).toEqual({ error: 'invalid_grant' })
  })
})
