import { randomBytes, timingSafeEqual } from 'node:crypto'

/** A token pair as `/token` would hand it out. */
export interface SandboxTokenPair {
  accessToken: string
  refreshToken: string
  expiresIn: number
}

/** Test controls over the simulated authorization server. */
export interface OAuthControls {
  readonly clientId: string
  readonly clientSecret: string
  /** Successful and failed `/token` calls, by grant type. */
  readonly tokenRequests: { authorization_code: number; refresh_token: number; other: number }
  /** Whether a used refresh token stops working (settable). */
  rotateRefreshTokens: boolean
  /** Skip the consent page (settable). */
  autoApprove: boolean
  /** Every access token issued so far stops working: the next API call gets 401. */
  expireAccessTokens(): void
  /** Every refresh token issued so far stops working: the next refresh gets `invalid_grant`. */
  revokeRefreshTokens(): void
  /** A valid pair without going through consent (for tests that start authorized). */
  issueTokens(): SandboxTokenPair
  /** Every pair handed out so far, oldest first, expired and revoked ones too (for leak scans). */
  issuedTokens(): readonly SandboxTokenPair[]
}

export type GrantResult = { ok: true; tokens: SandboxTokenPair } | { ok: false; error: 'invalid_grant' }

export interface OAuthState extends OAuthControls {
  createCode(clientId: string, redirectUri: string): string
  exchangeCode(clientId: string, code: string, redirectUri: string | undefined): GrantResult
  refresh(clientId: string, refreshToken: string): GrantResult
  isClientValid(clientId: string | undefined, clientSecret: string | undefined): boolean
  isAccessTokenValid(token: string): boolean
}

const codeLifetimeMs = 10 * 60 * 1000
/** Opaque tokens like Loket's: only `[\w-]` characters. */
const opaque = (bytes: number): string => randomBytes(bytes).toString('base64url')

const sameText = (a: string, b: string): boolean => {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

export function createOAuthState(options: {
  clientId: string; clientSecret: string; accessTokenTtlSeconds: number; rotateRefreshTokens: boolean
  autoApprove: boolean; now: () => number
}): OAuthState {
  const codes = new Map<string, { clientId: string; redirectUri: string; expiresAt: number }>()
  const accessTokens = new Map<string, number>()
  const refreshTokens = new Set<string>()
  const tokenRequests = { authorization_code: 0, refresh_token: 0, other: 0 }
  const issued: SandboxTokenPair[] = []

  const issueTokens = (): SandboxTokenPair => {
    const pair = { accessToken: opaque(42), refreshToken: opaque(12), expiresIn: options.accessTokenTtlSeconds }
    accessTokens.set(pair.accessToken, options.now() + options.accessTokenTtlSeconds * 1000)
    refreshTokens.add(pair.refreshToken)
    issued.push(pair)
    return pair
  }

  const state: OAuthState = {
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    tokenRequests,
    rotateRefreshTokens: options.rotateRefreshTokens,
    autoApprove: options.autoApprove,
    expireAccessTokens: () => accessTokens.clear(),
    revokeRefreshTokens: () => refreshTokens.clear(),
    issueTokens,
    issuedTokens: () => [...issued],
    createCode(clientId, redirectUri) {
      const code = opaque(24)
      codes.set(code, { clientId, redirectUri, expiresAt: options.now() + codeLifetimeMs })
      return code
    },
    exchangeCode(clientId, code, redirectUri) {
      const entry = codes.get(code)
      // Single use: a code is gone after the first attempt, successful or not.
      codes.delete(code)
      if (!entry || entry.clientId !== clientId || entry.redirectUri !== redirectUri || entry.expiresAt < options.now()) {
        return { ok: false, error: 'invalid_grant' }
      }
      return { ok: true, tokens: issueTokens() }
    },
    refresh(_clientId, refreshToken) {
      if (!refreshTokens.has(refreshToken)) return { ok: false, error: 'invalid_grant' }
      if (state.rotateRefreshTokens) refreshTokens.delete(refreshToken)
      return { ok: true, tokens: issueTokens() }
    },
    isClientValid(clientId, clientSecret) {
      return clientId !== undefined && clientSecret !== undefined
        && sameText(clientId, options.clientId) && sameText(clientSecret, options.clientSecret)
    },
    isAccessTokenValid(token) {
      const expiresAt = accessTokens.get(token)
      return expiresAt !== undefined && expiresAt > options.now()
    },
  }
  return state
}
