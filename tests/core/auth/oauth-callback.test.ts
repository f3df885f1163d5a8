import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createAuthorization, hashState } from '../../../core/auth/oauth-states.js'
import { loadTokens } from '../../../core/auth/token-store.js'
import { startFakeOAuthServer, type FakeOAuthServer } from '../../fakes/oauth-server.js'
import { createOAuthTestApp, publicUrl } from './oauth-test-app.js'

let oauth: FakeOAuthServer
let t: Awaited<ReturnType<typeof createOAuthTestApp>>
const redirectUri = `${publicUrl}/oauth/callback`

beforeEach(async () => {
  oauth = await startFakeOAuthServer({ clientSecret: 's3cret' })
  t = await createOAuthTestApp(oauth)
})
afterEach(async () => {
  await oauth.close()
  await t.db.destroy()
})

async function authorize(connection = 'acme-loket'): Promise<{ url: URL; state: string }> {
  const res = await t.admin('POST', `/api/connections/${connection}/authorize`)
  expect(res.status).toBe(200)
  const url = new URL(((await res.json()) as { authorizeUrl: string }).authorizeUrl)
  return { url, state: url.searchParams.get('state')! }
}

const callback = (query: Record<string, string>) => t.app.request(`/oauth/callback?${new URLSearchParams(query)}`)
const connectionRow = (id: string) => t.db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirst()

describe('POST /api/connections/:id/authorize', () => {
  it('answers an authorize URL with the OAuth parameters and stores only the state hash', async () => {
    const { url, state } = await authorize()
    expect(`${url.origin}${url.pathname}`).toBe(oauth.authorizeUrl)
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ client_id: 'client-1', redirect_uri: redirectUri, response_type: 'code', scope: 'all' })
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const rows = await t.db.selectFrom('oauth_states').selectAll().execute()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ state_hash: hashState(state), connection_id: 'acme-loket', used_at: null })
    expect(JSON.stringify(rows)).not.toContain(state)
    const lifetime = Date.parse(rows[0]!.expires_at) - Date.parse(rows[0]!.created_at)
    expect(lifetime).toBe(10 * 60 * 1000)
    const second = await authorize()
    expect(second.state).not.toBe(state)
  })

  it('refuses unknown connections, non-OAuth connectors and missing admin tokens', async () => {
    const unknown = await t.admin('POST', '/api/connections/nope/authorize')
    expect(unknown.status).toBe(404)
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('not_found')
    const keyed = await t.admin('POST', '/api/connections/keyed-conn/authorize')
    expect(keyed.status).toBe(409)
    expect(((await keyed.json()) as { error: { code: string } }).error.code).toBe('conflict')
    expect((await t.app.request('/api/connections/acme-loket/authorize', { method: 'POST' })).status).toBe(401)
  })
})

describe('GET /oauth/callback', () => {
  it('exchanges the code, stores the tokens encrypted and marks the connection ready', async () => {
    const { state } = await authorize()
    const code = oauth.issueCode(redirectUri)
    const res = await callback({ state, code })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('Authorization of the Loket.nl connection succeeded')
    expect(html).toContain('Het autoriseren van de Loket.nl koppeling is geslaagd')
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    expect(oauth.tokenRequests[0]).toMatchObject({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: 'client-1', client_secret: 's3cret' })

    const row = await connectionRow('acme-loket')
    expect(row).toMatchObject({ status: 'ready', connector: 'oauthy' })
    const tokens = await loadTokens(t.db, t.vault, 'acme-loket')
    expect(tokens?.accessToken).toMatch(/^access-/)
    expect(row!.credentials).not.toContain(tokens!.accessToken)
    expect(row!.credentials).not.toContain(tokens!.refreshToken)
    expect(row!.token_expires_at).toBe(tokens!.expiresAt)

    const logs = t.logLines.join('')
    for (const secret of [state, code, tokens!.accessToken, tokens!.refreshToken]) expect(logs).not.toContain(secret)
  })

  it('shows a clear page after "Weigeren", consumes the state and leaves the connection as it was', async () => {
    const now = new Date().toISOString()
    await t.db.insertInto('connections').values({ id: 'acme-loket', connector: 'oauthy', status: 'needs_authorization', credentials: null, token_expires_at: null, created_at: now, updated_at: now }).execute()
    const { state } = await authorize()
    const res = await callback({ error: 'access_denied', state })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('Authorization of the Loket.nl connection was refused')
    expect(html).toContain('Het autoriseren van de Loket.nl koppeling is geweigerd')
    expect(await connectionRow('acme-loket')).toMatchObject({ status: 'needs_authorization', credentials: null, updated_at: now })
    expect(oauth.tokenRequests).toHaveLength(0)
    expect(await (await callback({ state, code: oauth.issueCode(redirectUri) })).text()).toContain('already used')
  })

  it.each([
    ['forged', async () => ({ state: 'x'.repeat(43) }), 'unknown'],
    ['expired', async () => {
      const { authorizeUrl } = await createAuthorization({ db: t.db, connectionId: 'acme-loket', endpoints: { authorizeUrl: oauth.authorizeUrl, tokenUrl: oauth.tokenUrl, clientId: 'client-1' }, redirectUri, now: new Date(Date.now() - 11 * 60 * 1000) })
      return { state: new URL(authorizeUrl).searchParams.get('state')! }
    }, 'expired'],
    ['reused', async () => {
      const { state } = await authorize()
      expect((await callback({ state, code: oauth.issueCode(redirectUri) })).status).toBe(200)
      await t.db.deleteFrom('connections').execute()
      return { state }
    }, 'already used'],
  ])('refuses a %s state and stores nothing', async (_label, makeState, reason) => {
    const { state } = await makeState()
    const before = oauth.tokenRequests.length
    const res = await callback({ state, code: oauth.issueCode(redirectUri) })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain(reason)
    expect(oauth.tokenRequests.length).toBe(before)
    expect(await t.db.selectFrom('connections').selectAll().execute()).toEqual([])
  })

  it('keeps tokens with the connection the state was issued for', async () => {
    const { state } = await authorize('other-loket')
    expect((await callback({ state, code: oauth.issueCode(redirectUri) })).status).toBe(200)
    expect(await connectionRow('acme-loket')).toBeUndefined()
    const other = await connectionRow('other-loket')
    expect(other?.status).toBe('ready')
    // A ciphertext copied to another connection's row does not decrypt there.
    const now = new Date().toISOString()
    await t.db.insertInto('connections').values({ ...other!, id: 'acme-loket', created_at: now }).execute()
    await expect(loadTokens(t.db, t.vault, 'acme-loket')).rejects.toMatchObject({ code: 'vault_decrypt_failed' })
  })

  it('refuses a state whose connection is no longer configured', async () => {
    const { state } = await authorize()
    t.config.connections.splice(0, 1)
    const res = await callback({ state, code: oauth.issueCode(redirectUri) })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('no longer configured')
    expect(oauth.tokenRequests).toHaveLength(0)
  })

  it('answers 502 with the error code when the token exchange fails, storing nothing', async () => {
    const { state } = await authorize()
    const res = await callback({ state, code: 'code-never-issued' })
    expect(res.status).toBe(502)
    const html = await res.text()
    expect(html).toContain('oauth_exchange_failed: invalid_grant')
    expect(html).not.toContain('code-never-issued')
    expect(await connectionRow('acme-loket')).toBeUndefined()
  })

  it('escapes what it puts into HTML', async () => {
    const { state } = await authorize('html-conn')
    const html = await (await callback({ state, error: '<img src=x onerror=alert(1)>' })).text()
    expect(html).toContain('Acme &lt;script&gt;x&lt;/script&gt;')
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(html).not.toContain('<script>')
    expect(html).not.toContain('<img')
  })
})

describe('PUT /api/connections/:id/tokens', () => {
  it('stores manual tokens encrypted with a default expiry and marks the connection ready', async () => {
    const res = await t.admin('PUT', '/api/connections/acme-loket/tokens', { accessToken: 'manual-access', refreshToken: 'manual-refresh' })
    expect(res.status).toBe(204)
    const row = await connectionRow('acme-loket')
    expect(row?.status).toBe('ready')
    expect(row?.credentials).not.toContain('manual-')
    const tokens = await loadTokens(t.db, t.vault, 'acme-loket')
    expect(tokens).toMatchObject({ accessToken: 'manual-access', refreshToken: 'manual-refresh' })
    expect(Math.abs(Date.parse(tokens!.expiresAt) - (Date.now() + 3599_000))).toBeLessThan(5000)
  })

  it('honours expiresAt and validates the body', async () => {
    const expiresAt = '2030-01-02T03:04:05.000Z'
    expect((await t.admin('PUT', '/api/connections/acme-loket/tokens', { accessToken: 'a', refreshToken: 'r', expiresAt })).status).toBe(204)
    expect((await loadTokens(t.db, t.vault, 'acme-loket'))?.expiresAt).toBe(expiresAt)
    for (const body of [{ accessToken: 'a' }, { accessToken: 'a', refreshToken: 'r', expiresAt: 'tomorrow' }, 'not json']) {
      const res = await t.admin('PUT', '/api/connections/acme-loket/tokens', body)
      expect(res.status).toBe(400)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_request')
    }
    expect((await t.admin('PUT', '/api/connections/nope/tokens', { accessToken: 'a', refreshToken: 'r' })).status).toBe(404)
  })
})
