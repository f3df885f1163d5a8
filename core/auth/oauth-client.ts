import { AuthorizationCode } from 'simple-oauth2'
import type { OAuth2Endpoints } from '../connector.js'
import { KoppelError } from '../errors.js'
import type { TokenSet } from './token-store.js'

/** Loket documents 3599 s; used when a token response omits `expires_in`. */
export const defaultTokenLifetimeSeconds = 3599
const tokenRequestTimeoutMs = 30_000

/**
 * simple-oauth2 configured like Loket's documentation: client id and secret in the form
 * body, the authorize and token URLs taken apart into host and path.
 */
export function createOAuthClient(endpoints: OAuth2Endpoints): AuthorizationCode {
  const token = new URL(endpoints.tokenUrl)
  const authorize = new URL(endpoints.authorizeUrl)
  return new AuthorizationCode({
    client: { id: endpoints.clientId, secret: endpoints.clientSecret ?? '' },
    auth: {
      tokenHost: token.origin,
      tokenPath: token.pathname + token.search,
      authorizeHost: authorize.origin,
      authorizePath: authorize.pathname + authorize.search,
    },
    options: { authorizationMethod: 'body', bodyFormat: 'form' },
    http: { timeout: tokenRequestTimeoutMs },
  })
}

/** Authorization code → tokens, with the same `redirect_uri` the authorize request carried. */
export async function exchangeCode(endpoints: OAuth2Endpoints, code: string, redirectUri: string): Promise<TokenSet> {
  try {
    const token = await createOAuthClient(endpoints).getToken({ code, redirect_uri: redirectUri })
    return toTokenSet(token.token, undefined)
  } catch (error) {
    throw tokenEndpointError(error, 'authorization_code')
  }
}

/**
 * Refresh grant. Loket may rotate the refresh token; when the answer carries none, the old
 * one stays valid (simple-oauth2 5.1 would lose it, so we keep it ourselves).
 */
export async function refreshTokens(endpoints: OAuth2Endpoints, refreshToken: string): Promise<TokenSet> {
  try {
    const current = createOAuthClient(endpoints).createToken({ access_token: '', refresh_token: refreshToken, expires_in: 0 })
    const next = await current.refresh()
    return toTokenSet(next.token, refreshToken)
  } catch (error) {
    throw tokenEndpointError(error, 'refresh_token')
  }
}

function toTokenSet(token: Record<string, unknown>, previousRefreshToken: string | undefined): TokenSet {
  const accessToken = token.access_token
  const refreshToken = typeof token.refresh_token === 'string' && token.refresh_token !== '' ? token.refresh_token : previousRefreshToken
  if (typeof accessToken !== 'string' || accessToken === '' || refreshToken === undefined) {
    throw new KoppelError('upstream_bad_response', 'token endpoint answer lacks access_token or refresh_token')
  }
  const expiresAt = token.expires_at instanceof Date && !Number.isNaN(token.expires_at.getTime())
    ? token.expires_at
    : new Date(Date.now() + defaultTokenLifetimeSeconds * 1000)
  return { accessToken, refreshToken, expiresAt: expiresAt.toISOString() }
}

/**
 * Maps a failed token request to a coded error. A refused refresh token (`invalid_grant`)
 * gets its own code so callers can ask for a new authorization; a failed code exchange is
 * `oauth_exchange_failed`, anything else `upstream_unavailable`. The
 * upstream body is never copied: only its standard OAuth `error` code.
 */
function tokenEndpointError(error: unknown, grant: 'authorization_code' | 'refresh_token'): KoppelError {
  if (error instanceof KoppelError) return error
  // Wreck (under simple-oauth2) throws a Boom; only `isResponseError` ones came from the server.
  const boom = error as { output?: { statusCode?: number }; data?: { isResponseError?: boolean; payload?: unknown } }
  const fromServer = boom.data?.isResponseError === true
  const status = fromServer ? boom.output?.statusCode : undefined
  const payload = fromServer ? boom.data?.payload : undefined
  const oauthError = typeof payload === 'object' && payload !== null && typeof (payload as { error?: unknown }).error === 'string'
    ? (payload as { error: string }).error.slice(0, 64)
    : undefined
  const details = { status, oauthError }
  if (grant === 'refresh_token' && oauthError === 'invalid_grant') {
    return new KoppelError('invalid_grant', 'token endpoint refused the refresh token (invalid_grant)', { details })
  }
  const fallback = grant === 'authorization_code' ? 'oauth_exchange_failed' : 'upstream_unavailable'
  const reason = oauthError ?? (status === undefined ? 'no usable answer' : `status ${status}`)
  return new KoppelError(fallback, `token endpoint request failed: ${reason}`, { details })
}
