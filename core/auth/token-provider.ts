import type { Logger, OAuth2Endpoints } from '../connector.js'
import { KoppelError, isKoppelError } from '../errors.js'
import type { Db } from '../storage/open-database.js'
import { refreshTokens } from './oauth-client.js'
import { setConnectionStatus } from '../storage/connections.js'
import { claimRefreshLease, releaseRefreshLease } from '../storage/refresh-lease.js'
import { loadCredentials, replaceTokens, type TokenSet } from './token-store.js'
import type { Vault } from './vault.js'

/** Refresh this long before the access token expires. */
export const refreshMarginMs = 5 * 60 * 1000

/**
 * Refreshes in progress, per connection, for the whole process: two runs or two requests
 * that find the token stale share one refresh instead of racing (with rotating refresh
 * tokens the loser of such a race would hold an invalidated token). Across processes and
 * replicas the connection row's refresh lease does the same (`claimRefreshLease`).
 */
const inFlight = new Map<string, Promise<string>>()

export interface TokenProvider {
  /** A usable access token; refreshed first when it expires within the margin. */
  getAccessToken(): Promise<string>
  /** A fresh token. With `staleToken`: skipped when the stored token already differs from it. */
  refresh(staleToken?: string): Promise<string>
}

export interface TokenProviderOptions {
  db: Db
  vault: Vault
  connectionId: string
  endpoints: OAuth2Endpoints
  log: Logger
  /** Called once when the token endpoint answers `invalid_grant` (emit `connection.authorization_required`). */
  onAuthorizationRequired?(connectionId: string): void | Promise<void>
  now?: () => number
  /** Waits before retrying a refresh that failed transiently (network, 5xx, 429). Default 1 s, 4 s. */
  refreshRetryDelaysMs?: readonly number[]
  /** How often a process waiting for another one's refresh looks at the stored tokens. Default 50 ms. */
  refreshWaitPollMs?: number
}

/**
 * How long a process may hold a connection's refresh lease: three token requests at their
 * 30 s timeout and the retry waits between them. A holder that dies keeps it that long.
 */
export const refreshLeaseMs = 100_000

/**
 * A token request that may succeed when repeated: no answer, 5xx or 429. Retrying is no
 * riskier than failing the run: the next run would send the same refresh token, and if the
 * server did rotate it, the invalid_grant check below recognises the pair as lost either way.
 */
function isTransient(error: unknown): boolean {
  if (!isKoppelError(error) || error.code !== 'upstream_unavailable') return false
  const status = (error.details as { status?: number } | undefined)?.status
  return status === undefined || status >= 500 || status === 429
}

/**
 * Bearer tokens of one OAuth2 connection, read from the vault-encrypted `connections` row.
 * `invalid_grant` marks the connection `needs_authorization` and throws that code.
 */
export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  const { db, vault, connectionId, log } = options
  const now = options.now ?? Date.now
  const expiresSoon = (tokens: TokenSet) => Date.parse(tokens.expiresAt) - now() <= refreshMarginMs

  const load = async (): Promise<TokenSet> => {
    const stored = await loadCredentials(db, vault, connectionId)
    if (!stored) throw needsAuthorization(connectionId, 'connection has no tokens yet')
    // The refresh token was refused before: asking again would only repeat the event.
    if (stored.status === 'needs_authorization') throw needsAuthorization(connectionId, 'connection needs a new authorization')
    return stored.tokens
  }

  /**
   * One refresh across every process on the database: takes the connection's refresh lease,
   * or waits for the process holding it and uses the tokens it stores. `seen` is the token
   * found stale; a different, fresh stored token means someone else refreshed meanwhile.
   */
  const runRefresh = async (staleToken: string | undefined): Promise<string> => {
    const seen = staleToken ?? (await load()).accessToken
    const refreshedElsewhere = (tokens: TokenSet) => tokens.accessToken !== seen && !expiresSoon(tokens)
    while (!(await claimRefreshLease(db, connectionId, refreshLeaseMs, now()))) {
      await new Promise((resolve) => setTimeout(resolve, options.refreshWaitPollMs ?? 50))
      const latest = await load()
      if (refreshedElsewhere(latest)) return latest.accessToken
    }
    try {
      const current = await load()
      if (refreshedElsewhere(current)) return current.accessToken
      return await refreshStored(current)
    } finally {
      await releaseRefreshLease(db, connectionId).catch((error: unknown) => {
        log.warn({ connection: connectionId, err: { message: (error as Error).message } }, 'refresh lease release failed')
      })
    }
  }

  /** Sends the stored refresh token (the caller holds the refresh lease) and stores the answer. */
  const refreshStored = async (current: TokenSet): Promise<string> => {
    let next: TokenSet
    try {
      next = await refreshWithRetries(current.refreshToken)
    } catch (error) {
      if (!isKoppelError(error) || error.code !== 'invalid_grant') throw error
      // Another process may have rotated the pair meanwhile; then its tokens are good.
      const latest = await load()
      if (latest.refreshToken !== current.refreshToken) return latest.accessToken
      throw await authorizationLost()
    }
    await replaceTokens(db, vault, connectionId, next)
    log.info({ connection: connectionId, expiresAt: next.expiresAt }, 'access token refreshed')
    return next.accessToken
  }

  const refreshWithRetries = async (refreshToken: string): Promise<TokenSet> => {
    const delays = options.refreshRetryDelaysMs ?? [1000, 4000]
    for (let attempt = 0; ; attempt++) {
      try {
        return await refreshTokens(options.endpoints, refreshToken)
      } catch (error) {
        if (attempt >= delays.length || !isTransient(error)) throw error
        log.warn({ connection: connectionId, attempt: attempt + 1, code: (error as KoppelError).code }, 'token refresh failed, retrying')
        await new Promise((resolve) => setTimeout(resolve, delays[attempt]))
      }
    }
  }

  const authorizationLost = async (): Promise<KoppelError> => {
    log.warn({ connection: connectionId }, 'refresh token refused, connection needs authorization')
    await setConnectionStatus(db, connectionId, 'needs_authorization')
    try {
      await options.onAuthorizationRequired?.(connectionId)
    } catch (error) {
      log.error({ connection: connectionId, err: { message: (error as Error).message } }, 'authorization-required callback failed')
    }
    return needsAuthorization(connectionId, 'the payroll system refused the refresh token; authorize the connection again')
  }

  const refresh = (staleToken?: string): Promise<string> => {
    const running = inFlight.get(connectionId)
    if (running) return running
    const started = runRefresh(staleToken).finally(() => inFlight.delete(connectionId))
    inFlight.set(connectionId, started)
    return started
  }

  return {
    async getAccessToken() {
      const tokens = await load()
      if (!expiresSoon(tokens)) return tokens.accessToken
      return refresh(tokens.accessToken)
    },
    refresh,
  }
}

function needsAuthorization(connectionId: string, message: string): KoppelError {
  return new KoppelError('needs_authorization', message, { details: { connection: connectionId } })
}
