import { z } from 'zod'
import type { ConnectionStatus } from '../storage/database.js'
import type { Db } from '../storage/open-database.js'
import type { Vault } from './vault.js'

/** An OAuth2 token pair as Koppel keeps it. `expiresAt` is ISO-8601 UTC. */
export interface TokenSet {
  accessToken: string
  refreshToken: string
  expiresAt: string
}

const storedTokensSchema = z.object({ accessToken: z.string().min(1), refreshToken: z.string().min(1), expiresAt: z.iso.datetime() })

/**
 * Stores the token pair encrypted and bound to the connection id (a ciphertext copied to
 * another connection does not decrypt), with the expiry in plain text beside it, and sets
 * the connection `ready`. Creates the connection's row when it has none yet.
 */
export async function saveTokens(db: Db, vault: Vault, connection: { id: string; connector: string }, tokens: TokenSet): Promise<void> {
  const now = new Date().toISOString()
  const credentials = vault.encrypt(JSON.stringify(tokens), connection.id)
  await db
    .insertInto('connections')
    .values({ id: connection.id, connector: connection.connector, status: 'ready', credentials, token_expires_at: tokens.expiresAt, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('id').doUpdateSet({ status: 'ready', credentials, token_expires_at: tokens.expiresAt, updated_at: now }))
    .execute()
}

/** The stored token pair, or null when the connection has none. */
export async function loadTokens(db: Db, vault: Vault, connectionId: string): Promise<TokenSet | null> {
  return (await loadCredentials(db, vault, connectionId))?.tokens ?? null
}

/** The token pair together with the connection's status; null when there is no row or no tokens. */
export async function loadCredentials(db: Db, vault: Vault, connectionId: string): Promise<{ status: ConnectionStatus; tokens: TokenSet } | null> {
  const row = await db.selectFrom('connections').select(['credentials', 'status']).where('id', '=', connectionId).executeTakeFirst()
  if (!row?.credentials) return null
  return { status: row.status, tokens: storedTokensSchema.parse(JSON.parse(vault.decrypt(row.credentials, connectionId))) }
}

/**
 * Replaces the token pair after a refresh without touching the connection's status (it
 * may be `syncing`). Resolves only once the write is done: Loket may rotate the refresh
 * token, so the new pair must be durable before anyone uses it.
 */
export async function replaceTokens(db: Db, vault: Vault, connectionId: string, tokens: TokenSet): Promise<void> {
  const credentials = vault.encrypt(JSON.stringify(tokens), connectionId)
  await db
    .updateTable('connections')
    .set({ credentials, token_expires_at: tokens.expiresAt, updated_at: new Date().toISOString() })
    .where('id', '=', connectionId)
    .execute()
}
