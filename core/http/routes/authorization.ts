import { Hono } from 'hono'
import { z } from 'zod'
import { createAuthorization } from '../../auth/oauth-states.js'
import { resolveOAuthConnection, type OAuthConnectionDeps } from '../../auth/resolve-oauth-connection.js'
import { defaultTokenLifetimeSeconds } from '../../auth/oauth-client.js'
import { saveTokens } from '../../auth/token-store.js'
import type { Vault } from '../../auth/vault.js'
import type { Logger } from '../../connector.js'
import { KoppelError } from '../../errors.js'
import type { Db } from '../../storage/open-database.js'

export interface AuthorizationRouteDeps extends OAuthConnectionDeps {
  db: Db
  vault: Vault
  log: Logger
}

export const manualTokensSchema = z.strictObject({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  /** ISO-8601; default: Loket's lifetime of 3599 s from now. */
  expiresAt: z.iso.datetime({ offset: true }).optional(),
})

/**
 * Admin routes, mounted under `/api`:
 * - `POST /connections/:id/authorize` → `{ authorizeUrl, expiresAt }` (single-use state, 10 min);
 * - `PUT /connections/:id/tokens` `{ accessToken, refreshToken, expiresAt? }` → 204.
 */
export function authorizationRoutes(deps: AuthorizationRouteDeps): Hono {
  return new Hono()
    .post('/connections/:id/authorize', async (c) => {
      const target = resolveOAuthConnection(deps, c.req.param('id'))
      const { authorizeUrl, expiresAt } = await createAuthorization({ db: deps.db, connectionId: target.id, endpoints: target.endpoints, redirectUri: target.redirectUri })
      deps.log.info({ connection: target.id }, 'authorization started')
      return c.json({ authorizeUrl, expiresAt })
    })
    .put('/connections/:id/tokens', async (c) => {
      const target = resolveOAuthConnection(deps, c.req.param('id'))
      const body = manualTokensSchema.parse(await readJson(() => c.req.json()))
      const expiresAt = body.expiresAt === undefined ? new Date(Date.now() + defaultTokenLifetimeSeconds * 1000) : new Date(body.expiresAt)
      await saveTokens(deps.db, deps.vault, { id: target.id, connector: target.connector.id }, {
        accessToken: body.accessToken,
        refreshToken: body.refreshToken,
        expiresAt: expiresAt.toISOString(),
      })
      deps.log.info({ connection: target.id }, 'tokens entered manually')
      return c.body(null, 204)
    })
}

async function readJson(read: () => Promise<unknown>): Promise<unknown> {
  try {
    return await read()
  } catch {
    throw new KoppelError('invalid_request', 'body must be JSON')
  }
}
