import { Writable } from 'node:stream'
import { z } from 'zod'
import { gatewayConfigSchema } from '../../../config/schema.js'
import { createVault, generateEncryptionKey } from '../../../core/auth/vault.js'
import { defineConnector, type ConnectorDefinition } from '../../../core/connector.js'
import { createApp } from '../../../core/http/app.js'
import { authorizationRoutes } from '../../../core/http/routes/authorization.js'
import { oauthRoutes } from '../../../core/http/routes/oauth.js'
import { createLogger } from '../../../core/logger.js'
import type { FakeOAuthServer } from '../../fakes/oauth-server.js'
import { openTestDatabase } from '../../helpers/test-database.js'

export const adminToken = 'test-admin-token-0123456789abcdef'
export const publicUrl = 'https://koppel.example.test'

const oauthSettings = z.strictObject({ oauth_base_url: z.string(), client_id: z.string(), client_secret: z.string().optional() })

function oauthConnector(id: string, displayName: string): ConnectorDefinition {
  return defineConnector<z.infer<typeof oauthSettings>>({
    id,
    displayName,
    status: 'beta',
    apiVersion: 1,
    settings: oauthSettings,
    auth: {
      kind: 'oauth2-authorization-code',
      endpoints: (s) => ({ authorizeUrl: `${s.oauth_base_url}/authorize`, tokenUrl: `${s.oauth_base_url}/token`, clientId: s.client_id, ...(s.client_secret ? { clientSecret: s.client_secret } : {}), scope: 'all' }),
    },
    async *fetch() {},
    normalize: () => [],
  }) as ConnectorDefinition
}

const apiKeyConnector = defineConnector({
  id: 'keyed', displayName: 'Keyed', status: 'stub', apiVersion: 1, settings: z.strictObject({}), auth: { kind: 'api-key' },
  async *fetch() {},
  normalize: () => [],
}) as ConnectorDefinition

/** The real app (admin auth, error mapping) with the OAuth route groups, an in-memory db and a log capture. */
export async function createOAuthTestApp(oauth: FakeOAuthServer) {
  const settings = { oauth_base_url: oauth.url, client_id: 'client-1', client_secret: 's3cret' }
  const config = gatewayConfigSchema.parse({
    server: { public_url: `${publicUrl}/`, admin_token: adminToken },
    secrets: { encryption_key: generateEncryptionKey() },
    connections: [
      { id: 'acme-loket', connector: 'oauthy', employers: ['1'], settings },
      { id: 'other-loket', connector: 'oauthy', employers: ['2'], settings },
      { id: 'html-conn', connector: 'tricky', employers: ['3'], settings },
      { id: 'keyed-conn', connector: 'keyed', employers: ['4'] },
    ],
  })
  const connectors = [oauthConnector('oauthy', 'Loket.nl'), oauthConnector('tricky', 'Acme <script>x</script>'), apiKeyConnector]
  const registry = { get: (id: string) => connectors.find((c) => c.id === id), list: () => connectors }
  const logLines: string[] = []
  const destination = new Writable({ write: (chunk: Buffer, _enc, done) => (logLines.push(chunk.toString('utf8')), done()) })
  const log = createLogger({ level: 'debug', destination })
  const db = await openTestDatabase()
  const vault = createVault(config.secrets.encryption_key)
  const deps = { db, vault, config, registry, log }
  const app = createApp(deps, [
    { path: '/', admin: false, app: oauthRoutes(deps) },
    { path: '/api', admin: true, app: authorizationRoutes(deps) },
  ])
  const admin = (method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    })
  return { app, db, vault, config, deps, logLines, admin }
}
