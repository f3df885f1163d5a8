import { createHash, randomBytes } from 'node:crypto'
import type { OAuth2Endpoints } from '../connector.js'
import type { Db } from '../storage/open-database.js'
import { createOAuthClient } from './oauth-client.js'

/** How long an authorize URL stays usable. */
export const stateLifetimeMs = 10 * 60 * 1000
/** Used and expired states are kept this long (for the "already used" answer), then purged. */
const stateRetentionMs = 24 * 60 * 60 * 1000

export interface CreateAuthorizationInput {
  db: Db
  connectionId: string
  endpoints: OAuth2Endpoints
  /** `<server.public_url>/oauth/callback` */
  redirectUri: string
  now?: Date
}

/**
 * Starts an authorization-code flow: a fresh `state` (32 random bytes, base64url) bound to
 * the connection, single-use, expiring in 10 minutes. Only its SHA-256 is stored, so a
 * database leak does not hand out usable states.
 *
 * @example
 * const { authorizeUrl } = await createAuthorization({ db, connectionId: 'acme-loket', endpoints, redirectUri })
 */
export async function createAuthorization(input: CreateAuthorizationInput): Promise<{ authorizeUrl: string; expiresAt: string }> {
  const now = input.now ?? new Date()
  const state = randomBytes(32).toString('base64url')
  const expiresAt = new Date(now.getTime() + stateLifetimeMs).toISOString()
  await input.db.deleteFrom('oauth_states').where('expires_at', '<', new Date(now.getTime() - stateRetentionMs).toISOString()).execute()
  await input.db
    .insertInto('oauth_states')
    .values({ state_hash: hashState(state), connection_id: input.connectionId, created_at: now.toISOString(), expires_at: expiresAt, used_at: null })
    .execute()
  const authorizeUrl = createOAuthClient(input.endpoints).authorizeURL({
    redirect_uri: input.redirectUri,
    scope: input.endpoints.scope ?? 'all',
    state,
  })
  return { authorizeUrl, expiresAt }
}

export type StateRefusal = 'unknown' | 'expired' | 'already used'
export type ConsumedState = { ok: true; connectionId: string } | { ok: false; reason: StateRefusal }

/**
 * Marks a state used and returns the connection it was issued for. The update is a single
 * conditional statement, so two callbacks racing with one state cannot both win.
 */
export async function consumeState(db: Db, state: string, now = new Date()): Promise<ConsumedState> {
  const stateHash = hashState(state)
  const at = now.toISOString()
  const claimed = await db
    .updateTable('oauth_states')
    .set({ used_at: at })
    .where('state_hash', '=', stateHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .returning('connection_id')
    .executeTakeFirst()
  if (claimed) return { ok: true, connectionId: claimed.connection_id }
  const row = await db.selectFrom('oauth_states').select(['used_at', 'expires_at']).where('state_hash', '=', stateHash).executeTakeFirst()
  if (!row) return { ok: false, reason: 'unknown' }
  return { ok: false, reason: row.used_at !== null ? 'already used' : 'expired' }
}

export function hashState(state: string): string {
  return createHash('sha256').update(state, 'utf8').digest('hex')
}
