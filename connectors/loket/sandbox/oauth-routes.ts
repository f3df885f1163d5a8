import { randomBytes } from 'node:crypto'
import { Hono } from 'hono'
import type { HttpBindings } from '@hono/node-server'
import type { OAuthState } from './oauth-state.js'
import { consentPage } from './consent-page.js'

interface PendingConsent {
  clientId: string
  redirectUri: string
  state: string | undefined
}

/** `redirect_uri?state=…&code=…` (state first, as Loket does). */
function redirectTarget(redirectUri: string, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams()
  for (const [name, value] of Object.entries(params)) if (value !== undefined) query.set(name, value)
  return `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}${query.toString()}`
}

/** Reads a form body; Loket clients also send it as text/plain. */
async function readForm(request: Request): Promise<URLSearchParams> {
  return new URLSearchParams(await request.text())
}

/** Case-insensitive form lookup: the spec's own example sends `client_Id`. */
function formValue(form: URLSearchParams, name: string): string | undefined {
  for (const [key, value] of form) if (key.toLowerCase() === name) return value
  return undefined
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic\s+(.+)$/i.exec(header ?? '')
  if (!match?.[1]) return undefined
  const decoded = Buffer.from(match[1], 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return undefined
  return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) }
}

/** `/authorize`, `/authorize/decision` and `/token` of the simulated oauth.loket.nl. */
export function oauthRoutes(oauth: OAuthState): Hono<{ Bindings: HttpBindings }> {
  const app = new Hono<{ Bindings: HttpBindings }>()
  const pending = new Map<string, PendingConsent>()

  app.get('/authorize', (c) => {
    const clientId = c.req.query('client_id')
    const redirectUri = c.req.query('redirect_uri')
    if (clientId !== oauth.clientId) return c.text('Unknown client_id', 400)
    if (c.req.query('response_type') !== 'code') return c.text('Unsupported response_type', 400)
    if (!redirectUri || !/^https?:\/\//.test(redirectUri)) return c.text('Invalid redirect_uri', 400)
    const state = c.req.query('state')
    if (oauth.autoApprove) {
      return c.redirect(redirectTarget(redirectUri, { state, code: oauth.createCode(clientId, redirectUri) }), 302)
    }
    const requestId = randomBytes(16).toString('base64url')
    pending.set(requestId, { clientId, redirectUri, state })
    return c.html(consentPage({ clientId, requestId }))
  })

  app.post('/authorize/decision', async (c) => {
    const form = await readForm(c.req.raw)
    const requestId = formValue(form, 'request_id') ?? ''
    const request = pending.get(requestId)
    if (!request) return c.text('Unknown or expired consent request', 400)
    pending.delete(requestId)
    if (formValue(form, 'decision') !== 'allow') {
      return c.redirect(redirectTarget(request.redirectUri, { error: 'access_denied', state: request.state }), 302)
    }
    const code = oauth.createCode(request.clientId, request.redirectUri)
    return c.redirect(redirectTarget(request.redirectUri, { state: request.state, code }), 302)
  })

  app.post('/token', async (c) => {
    const form = await readForm(c.req.raw)
    const grantType = formValue(form, 'grant_type')
    if (grantType === 'authorization_code' || grantType === 'refresh_token') oauth.tokenRequests[grantType]++
    else oauth.tokenRequests.other++
    const basic = basicCredentials(c.req.header('authorization'))
    const clientId = basic?.id ?? formValue(form, 'client_id')
    const clientSecret = basic?.secret ?? formValue(form, 'client_secret')
    if (!oauth.isClientValid(clientId, clientSecret) || clientId === undefined) {
      return c.json({ error: 'invalid_client' }, 401)
    }
    let result
    if (grantType === 'authorization_code') {
      const code = formValue(form, 'code')
      if (!code) return c.json({ error: 'invalid_request' }, 400)
      result = oauth.exchangeCode(clientId, code, formValue(form, 'redirect_uri'))
    } else if (grantType === 'refresh_token') {
      const refreshToken = formValue(form, 'refresh_token')
      if (!refreshToken) return c.json({ error: 'invalid_request' }, 400)
      result = oauth.refresh(clientId, refreshToken)
    } else {
      return c.json({ error: 'unsupported_grant_type' }, 400)
    }
    if (!result.ok) return c.json({ error: result.error }, 400)
    c.header('Cache-Control', 'no-store')
    return c.json({
      access_token: result.tokens.accessToken,
      token_type: 'bearer',
      expires_in: result.tokens.expiresIn,
      refresh_token: result.tokens.refreshToken,
      two_factor_state: 'None',
    })
  })
  return app
}
