import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeOAuthOptions {
  clientId?: string
  clientSecret?: string
  expiresIn?: number
  /** Issue a new refresh token on every refresh and invalidate the old one (default true). */
  rotate?: boolean
  /** Delay before answering a token request, to let concurrent callers pile up. */
  delayMs?: number
}

export interface FakeOAuthServer {
  url: string
  authorizeUrl: string
  tokenUrl: string
  /** Every token request's form fields, in order. */
  readonly tokenRequests: Array<Record<string, string>>
  /** Mints a code the way the consent screen would after "Toestaan". */
  issueCode(redirectUri: string): string
  /** Seeds a valid refresh token (as if an earlier authorization had issued it). */
  addRefreshToken(token: string): void
  /** Answers the next token request with this status and JSON body. */
  failNext(status: number, body: unknown): void
  close(): Promise<void>
}

/** A token endpoint speaking Loket's dialect (form body with client_id/client_secret). */
export async function startFakeOAuthServer(options: FakeOAuthOptions = {}): Promise<FakeOAuthServer> {
  const clientId = options.clientId ?? 'client-1'
  const codes = new Map<string, string>()
  const refreshTokens = new Set<string>()
  const tokenRequests: Array<Record<string, string>> = []
  const failures: Array<{ status: number; body: unknown }> = []
  const mint = (prefix: string) => `${prefix}-${randomBytes(9).toString('base64url')}`

  const server = createServer((req, res) => {
    let raw = ''
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')))
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(body))
      }
      const answer = () => {
        if (req.method !== 'POST' || !req.url?.startsWith('/token')) return send(404, { error: 'not_found' })
        const form = Object.fromEntries(new URLSearchParams(raw))
        tokenRequests.push(form)
        const failure = failures.shift()
        if (failure) return send(failure.status, failure.body)
        if (form.client_id !== clientId || (options.clientSecret !== undefined && form.client_secret !== options.clientSecret)) {
          return send(401, { error: 'invalid_client' })
        }
        if (form.grant_type === 'authorization_code') {
          const redirect = codes.get(form.code ?? '')
          if (redirect === undefined || redirect !== form.redirect_uri) return send(400, { error: 'invalid_grant' })
          codes.delete(form.code ?? '')
        } else if (form.grant_type === 'refresh_token') {
          if (!refreshTokens.has(form.refresh_token ?? '')) return send(400, { error: 'invalid_grant' })
          if (options.rotate !== false) refreshTokens.delete(form.refresh_token ?? '')
        } else {
          return send(400, { error: 'unsupported_grant_type' })
        }
        const refreshToken = options.rotate === false && form.refresh_token ? form.refresh_token : mint('refresh')
        refreshTokens.add(refreshToken)
        send(200, { access_token: mint('access'), token_type: 'bearer', expires_in: options.expiresIn ?? 3599, refresh_token: refreshToken, two_factor_state: 'None' })
      }
      setTimeout(answer, options.delayMs ?? 0)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    authorizeUrl: `${url}/authorize`,
    tokenUrl: `${url}/token`,
    tokenRequests,
    issueCode(redirectUri) {
      const code = mint('code')
      codes.set(code, redirectUri)
      return code
    },
    addRefreshToken: (token) => void refreshTokens.add(token),
    failNext: (status, body) => void failures.push({ status, body }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
