import { afterEach, describe, expect, it } from 'vitest'
import { gatewayConfigSchema } from '../../../config/schema.js'
import loket from '../../../connectors/loket/index.js'
import { startLoketSandbox } from '../../../connectors/loket/sandbox/start-loket-sandbox.js'
import { resolveOAuthConnection } from '../../../core/auth/resolve-oauth-connection.js'
import { createTokenProvider } from '../../../core/auth/token-provider.js'
import { loadTokens } from '../../../core/auth/token-store.js'
import { createVault, generateEncryptionKey } from '../../../core/auth/vault.js'
import type { ConnectorDefinition } from '../../../core/connector.js'
import { createApp } from '../../../core/http/app.js'
import { authorizationRoutes } from '../../../core/http/routes/authorization.js'
import { oauthRoutes } from '../../../core/http/routes/oauth.js'
import { createLogger } from '../../../core/logger.js'
import { createHttpClient } from '../../../core/upstream/create-http-client.js'
import { openTestDatabase } from '../../helpers/test-database.js'

const adminToken = 'sandbox-admin-token-0123456789abcdef'
const cleanup: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const close of cleanup.splice(0)) await close()
})

async function setup(autoApprove: boolean) {
  const sandbox = await startLoketSandbox({ autoApprove })
  const config = gatewayConfigSchema.parse({
    server: { public_url: 'https://koppel.example.test', admin_token: adminToken },
    secrets: { encryption_key: generateEncryptionKey() },
    connections: [{
      id: 'acme-loket', connector: 'loket', employers: ['1'],
      settings: { oauth_base_url: sandbox.oauthBaseUrl, api_base_url: sandbox.apiBaseUrl, client_id: 'koppel-sandbox', client_secret: 'sandbox-secret' },
    }],
  })
  const registry = { get: (id: string) => (id === 'loket' ? (loket as ConnectorDefinition) : undefined), list: () => [loket as ConnectorDefinition] }
  const db = await openTestDatabase()
  const log = createLogger({ level: 'silent' })
  const deps = { db, vault: createVault(config.secrets.encryption_key), config, registry, log }
  const app = createApp(deps, [{ path: '/', admin: false, app: oauthRoutes(deps) }, { path: '/api', admin: true, app: authorizationRoutes(deps) }])
  cleanup.push(() => sandbox.close(), () => db.destroy())
  const res = await app.request('/api/connections/acme-loket/authorize', { method: 'POST', headers: { authorization: `Bearer ${adminToken}` } })
  const { authorizeUrl } = (await res.json()) as { authorizeUrl: string }
  /** Follows the sandbox's redirect back into the app, as a browser would. */
  const backToKoppel = async (redirect: Response) => {
    expect(redirect.status).toBe(302)
    const location = new URL(redirect.headers.get('location')!)
    expect(location.origin + location.pathname).toBe('https://koppel.example.test/oauth/callback')
    return app.request(location.pathname + location.search)
  }
  return { sandbox, deps, authorizeUrl, backToKoppel }
}

describe('authorization against the Loket sandbox', () => {
  it('authorizes, then calls the API with a refreshed token through ctx.http', async () => {
    const { sandbox, deps, authorizeUrl, backToKoppel } = await setup(true)
    const page = await backToKoppel(await fetch(authorizeUrl, { redirect: 'manual' }))
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Het autoriseren van de Loket.nl koppeling is geslaagd')

    const target = resolveOAuthConnection(deps, 'acme-loket')
    const tokens = createTokenProvider({ ...deps, connectionId: 'acme-loket', endpoints: target.endpoints })
    const http = createHttpClient({ concurrency: 2, timeoutMs: 5000, tokens, log: deps.log, userAgent: 'koppel/test' })
    const employers = (await http.getJson(`${sandbox.apiBaseUrl}/providers/employers`)) as { _embedded: unknown[] }
    expect(employers._embedded.length).toBeGreaterThan(0)

    const before = await loadTokens(deps.db, deps.vault, 'acme-loket')
    await tokens.refresh(before!.accessToken)
    const after = await loadTokens(deps.db, deps.vault, 'acme-loket')
    expect(after!.refreshToken).not.toBe(before!.refreshToken)
    expect(((await http.getJson(`${sandbox.apiBaseUrl}/providers/employers`)) as { _embedded: unknown[] })._embedded.length).toBeGreaterThan(0)
  })

  it('shows the refusal page when the user presses "Weigeren" on the consent screen', async () => {
    const { sandbox, deps, authorizeUrl, backToKoppel } = await setup(false)
    const consent = await (await fetch(authorizeUrl)).text()
    const requestId = /name="request_id" value="([^"]+)"/.exec(consent)![1]!
    const decision = await fetch(`${sandbox.oauthBaseUrl}/authorize/decision`, {
      method: 'POST',
      body: new URLSearchParams({ request_id: requestId, decision: 'deny' }),
      redirect: 'manual',
    })
    const page = await backToKoppel(decision)
    expect(page.status).toBe(400)
    expect(await page.text()).toContain('Het autoriseren van de Loket.nl koppeling is geweigerd')
    expect(await loadTokens(deps.db, deps.vault, 'acme-loket')).toBeNull()
  })
})
