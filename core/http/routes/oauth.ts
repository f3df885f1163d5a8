import { Hono, type Context } from 'hono'
import { exchangeCode } from '../../auth/oauth-client.js'
import { consumeState, type StateRefusal } from '../../auth/oauth-states.js'
import { resolveOAuthConnection, type OAuthConnection } from '../../auth/resolve-oauth-connection.js'
import { saveTokens } from '../../auth/token-store.js'
import { isKoppelError } from '../../errors.js'
import type { AuthorizationRouteDeps } from './authorization.js'

export type OAuthCallbackDeps = AuthorizationRouteDeps

const refusals: Record<StateRefusal, { en: string; nl: string }> = {
  unknown: { en: 'This authorization link is not valid (unknown state).', nl: 'Deze autorisatielink is ongeldig.' },
  expired: { en: 'This authorization link has expired (expired state).', nl: 'Deze autorisatielink is verlopen.' },
  'already used': { en: 'This authorization link was already used (state already used).', nl: 'Deze autorisatielink is al gebruikt.' },
}
const retry = { en: 'Start the authorization again from Koppel.', nl: 'Start het autoriseren opnieuw vanuit Koppel.' }

/**
 * Public `GET /oauth/callback`: the payroll system's consent screen sends the browser here
 * with `code` and `state` (or `error=access_denied` after "Weigeren"). The state must be
 * known, unexpired and unused; it is consumed in every case. Codes and tokens are never
 * logged, and nothing is stored unless the token exchange succeeded.
 */
export function oauthRoutes(deps: OAuthCallbackDeps): Hono {
  return new Hono().get('/oauth/callback', async (c) => {
    const { state, code, error } = c.req.query()
    if (!state) return page(c, 400, 'Authorization failed', ['The callback carries no state.', 'De terugkoppeling bevat geen state.', retry.en, retry.nl])

    const consumed = await consumeState(deps.db, state)
    if (!consumed.ok) {
      deps.log.warn({ reason: consumed.reason }, 'oauth callback refused')
      const text = refusals[consumed.reason]
      return page(c, 400, 'Authorization failed', [text.en, text.nl, retry.en, retry.nl])
    }

    let target: OAuthConnection
    try {
      target = resolveOAuthConnection(deps, consumed.connectionId)
    } catch {
      deps.log.warn({ connection: consumed.connectionId }, 'oauth callback for a connection that is no longer configured')
      return page(c, 400, 'Authorization failed', ['This connection is no longer configured.', 'Deze koppeling is niet meer geconfigureerd.'])
    }
    const name = target.connector.displayName

    if (error !== undefined) {
      deps.log.warn({ connection: target.id, oauthError: error.slice(0, 64) }, 'authorization refused')
      const lines = error === 'access_denied'
        ? [`Authorization of the ${name} connection was refused.`, `Het autoriseren van de ${name} koppeling is geweigerd.`]
        : [`Authorization of the ${name} connection failed (${error}).`, `Het autoriseren van de ${name} koppeling is mislukt (${error}).`]
      return page(c, 400, 'Authorization refused', [...lines, retry.en, retry.nl])
    }
    if (!code) return page(c, 400, 'Authorization failed', ['The callback carries no code.', 'De terugkoppeling bevat geen code.', retry.en, retry.nl])

    try {
      const tokens = await exchangeCode(target.endpoints, code, target.redirectUri)
      await saveTokens(deps.db, deps.vault, { id: target.id, connector: target.connector.id }, tokens)
    } catch (cause) {
      const errorCode = isKoppelError(cause) ? cause.code : 'internal_error'
      const oauthError = isKoppelError(cause) ? (cause.details as { oauthError?: string } | undefined)?.oauthError : undefined
      const reason = oauthError === undefined ? errorCode : `${errorCode}: ${oauthError}`
      deps.log.warn({ connection: target.id, code: errorCode, oauthError }, 'authorization code exchange failed')
      return page(c, 502, 'Authorization failed', [
        `Authorization of the ${name} connection failed: the token exchange did not succeed (${reason}).`,
        `Het autoriseren van de ${name} koppeling is mislukt (${reason}).`,
        retry.en,
        retry.nl,
      ])
    }
    deps.log.info({ connection: target.id }, 'connection authorized')
    return page(c, 200, 'Authorization succeeded', [
      `Authorization of the ${name} connection succeeded.`,
      `Het autoriseren van de ${name} koppeling is geslaagd.`,
      'You can close this window. / U kunt dit venster sluiten.',
    ])
  })
}

function page(c: Context, status: 200 | 400 | 502, title: string, lines: string[]): Response {
  // The URL of this page holds the code: keep it out of Referer headers and caches.
  c.header('cache-control', 'no-store')
  c.header('referrer-policy', 'no-referrer')
  c.header('x-content-type-options', 'nosniff')
  const body = [...lines.map((line) => `<p>${escapeHtml(line)}</p>`), '<p><a href="/console">Terug naar de console / Back to the console</a></p>'].join('\n')
  return c.html(
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Koppel</title></head>\n<body><h1>${escapeHtml(title)}</h1>\n${body}\n</body></html>\n`,
    status,
  )
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!)
}
