import { afterEach, expect, it } from 'vitest'
import { createTokenProvider } from '../../../core/auth/token-provider.js'
import { loadTokens, saveTokens } from '../../../core/auth/token-store.js'
import { createVault, generateEncryptionKey } from '../../../core/auth/vault.js'
import { createHttpClient } from '../../../core/upstream/create-http-client.js'
import { startFakeOAuthServer, type FakeOAuthServer } from '../../fakes/oauth-server.js'
import { json, recordingLogger, startTestServer, type TestServer } from './start-test-server.js'
import { openTestDatabase } from '../../helpers/test-database.js'

const cleanup: Array<FakeOAuthServer | TestServer> = []
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((s) => s.close()))
})

it('a revoked access token is refreshed once for many parallel requests and the new one is used', async () => {
  const oauth = await startFakeOAuthServer({ delayMs: 30 })
  const db = await openTestDatabase()
  const vault = createVault(generateEncryptionKey())
  const connectionId = `with-tokens-${Date.now()}`
  oauth.addRefreshToken('refresh-0')
  // Valid on paper for an hour, but the API no longer accepts it.
  await saveTokens(db, vault, { id: connectionId, connector: 'loket' }, { accessToken: 'revoked', refreshToken: 'refresh-0', expiresAt: new Date(Date.now() + 3600_000).toISOString() })
  let current = ''
  const api = await startTestServer((req, res) => (req.headers.authorization === `Bearer ${current}` ? json(res, 200, { ok: true }) : json(res, 401, {})))
  cleanup.push(oauth, api)
  const log = recordingLogger()
  const tokens = createTokenProvider({ db, vault, connectionId, endpoints: { authorizeUrl: oauth.authorizeUrl, tokenUrl: oauth.tokenUrl, clientId: 'client-1' }, log })
  const wrapped = { getAccessToken: () => tokens.getAccessToken(), refresh: async (stale?: string) => (current = await tokens.refresh(stale)) }
  const http = createHttpClient({ concurrency: 4, timeoutMs: 2000, tokens: wrapped, log, userAgent: 'koppel/test' })

  const results = await Promise.all(Array.from({ length: 6 }, (_, i) => http.getJson(`${api.url}/r${i}`)))
  expect(results).toEqual(Array.from({ length: 6 }, () => ({ ok: true })))
  expect(oauth.tokenRequests).toHaveLength(1)
  expect((await loadTokens(db, vault, connectionId))?.accessToken).toBe(current)
  await db.destroy()
})
