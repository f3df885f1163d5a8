import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTokenProvider } from '../../../core/auth/token-provider.js'
import { loadTokens, saveTokens } from '../../../core/auth/token-store.js'
import { createVault, generateEncryptionKey, type Vault } from '../../../core/auth/vault.js'
import { KoppelError } from '../../../core/errors.js'
import { type Db } from '../../../core/storage/open-database.js'
import { startFakeOAuthServer, type FakeOAuthServer } from '../../fakes/oauth-server.js'
import { recordingLogger } from '../upstream/start-test-server.js'
import { openTestDatabase } from '../../helpers/test-database.js'

let db: Db
let vault: Vault
let oauth: FakeOAuthServer
let connectionId: string
let counter = 0

beforeEach(async () => {
  db = await openTestDatabase()
  vault = createVault(generateEncryptionKey())
  oauth = await startFakeOAuthServer({ delayMs: 30 })
  // Unique per test: the single-flight map is process-wide, keyed by connection id.
  connectionId = `conn-${++counter}-${Date.now()}`
})
afterEach(async () => {
  await oauth.close()
  await db.destroy()
})

async function seed(expiresInMs: number, refreshToken = 'refresh-0') {
  oauth.addRefreshToken(refreshToken)
  await saveTokens(db, vault, { id: connectionId, connector: 'loket' }, { accessToken: 'access-0', refreshToken, expiresAt: new Date(Date.now() + expiresInMs).toISOString() })
}

function provider(onAuthorizationRequired?: (id: string) => void) {
  const endpoints = { authorizeUrl: oauth.authorizeUrl, tokenUrl: oauth.tokenUrl, clientId: 'client-1', clientSecret: 's3cret' }
  return createTokenProvider({ db, vault, connectionId, endpoints, log: recordingLogger(), refreshRetryDelaysMs: [20, 20], ...(onAuthorizationRequired ? { onAuthorizationRequired } : {}) })
}

async function failure(promise: Promise<unknown>): Promise<KoppelError> {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(KoppelError)
  return error as KoppelError
}

describe('createTokenProvider', () => {
  it('uses the stored token while it is valid for more than the margin', async () => {
    await seed(60 * 60 * 1000)
    expect(await provider().getAccessToken()).toBe('access-0')
    expect(oauth.tokenRequests).toHaveLength(0)
  })

  it('refreshes proactively when the token expires within five minutes', async () => {
    await seed(2 * 60 * 1000)
    const token = await provider().getAccessToken()
    expect(token).not.toBe('access-0')
    expect(oauth.tokenRequests).toHaveLength(1)
    expect(oauth.tokenRequests[0]).toMatchObject({ grant_type: 'refresh_token', refresh_token: 'refresh-0', client_id: 'client-1', client_secret: 's3cret' })
  })

  it('makes one token request for many concurrent callers, across providers', async () => {
    await seed(-1000)
    const a = provider()
    const b = provider()
    const tokens = await Promise.all([a.getAccessToken(), b.getAccessToken(), a.getAccessToken(), b.refresh('access-0'), a.getAccessToken()])
    expect(oauth.tokenRequests).toHaveLength(1)
    expect(new Set(tokens).size).toBe(1)
    expect(tokens[0]).not.toBe('access-0')
  })

  it('persists the rotated refresh token, encrypted, before handing out the access token', async () => {
    await seed(-1000)
    const token = await provider().getAccessToken()
    const stored = await loadTokens(db, vault, connectionId)
    expect(stored?.accessToken).toBe(token)
    expect(stored?.refreshToken).not.toBe('refresh-0')
    expect(Date.parse(stored!.expiresAt)).toBeGreaterThan(Date.now() + 3500 * 1000)
    const row = await db.selectFrom('connections').selectAll().where('id', '=', connectionId).executeTakeFirstOrThrow()
    expect(row.credentials).not.toContain(token)
    expect(row.credentials).not.toContain(stored!.refreshToken)
    expect(row.token_expires_at).toBe(stored!.expiresAt)
    // The old refresh token is dead at the server; the next refresh works only with the stored one.
    const again = await provider().refresh(token)
    expect(oauth.tokenRequests[1]).toMatchObject({ refresh_token: stored!.refreshToken })
    expect(again).not.toBe(token)
  })

  it('skips refreshing when someone else already replaced the stale token', async () => {
    await seed(60 * 60 * 1000)
    expect(await provider().refresh('an-older-token')).toBe('access-0')
    expect(oauth.tokenRequests).toHaveLength(0)
  })

  it('marks the connection needs_authorization on invalid_grant and reports it', async () => {
    await seed(-1000, 'refresh-revoked')
    oauth.failNext(400, { error: 'invalid_grant', error_description: 'expired' })
    const reported: string[] = []
    const error = await failure(provider((id) => void reported.push(id)).getAccessToken())
    expect(error.code).toBe('needs_authorization')
    expect(reported).toEqual([connectionId])
    const row = await db.selectFrom('connections').select('status').where('id', '=', connectionId).executeTakeFirstOrThrow()
    expect(row.status).toBe('needs_authorization')
    // Later calls fail fast: no new token request, no second event.
    expect((await failure(provider((id) => void reported.push(id)).getAccessToken())).code).toBe('needs_authorization')
    expect(reported).toHaveLength(1)
    expect(oauth.tokenRequests).toHaveLength(1)
  })

  it('answers needs_authorization when no tokens are stored', async () => {
    const error = await failure(provider().getAccessToken())
    expect(error.code).toBe('needs_authorization')
  })

  it('maps other token endpoint failures to upstream_unavailable and keeps the status', async () => {
    await seed(-1000)
    for (let i = 0; i < 3; i++) oauth.failNext(503, { error: 'temporarily_unavailable' })
    const error = await failure(provider().getAccessToken())
    expect(error.code).toBe('upstream_unavailable')
    expect(oauth.tokenRequests).toHaveLength(3) // the first attempt and two retries
    const row = await db.selectFrom('connections').select('status').where('id', '=', connectionId).executeTakeFirstOrThrow()
    expect(row.status).toBe('ready')
  })

  it('retries a refresh that met a 5xx or 429, with the same refresh token', async () => {
    await seed(-1000)
    oauth.failNext(502, { error: 'bad_gateway' })
    oauth.failNext(429, { error: 'slow_down' })
    const token = await provider().getAccessToken()
    expect(token).not.toBe('access-0')
    expect(oauth.tokenRequests.map((r) => r.refresh_token)).toEqual(['refresh-0', 'refresh-0', 'refresh-0'])
    expect((await loadTokens(db, vault, connectionId))?.accessToken).toBe(token)
  })

  it('does not retry an answer that will not change (400 invalid_client)', async () => {
    await seed(-1000)
    oauth.failNext(400, { error: 'invalid_client' })
    const error = await failure(provider().getAccessToken())
    expect(error.code).toBe('upstream_unavailable')
    expect(oauth.tokenRequests).toHaveLength(1)
  })
})
