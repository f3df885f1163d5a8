import { Hono } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { isKoppelError } from '../../errors.js'
import { consoleApi } from './console-api.js'
import { consoleGuard } from './console-guard.js'
import { consolePaths } from './console-paths.js'
import { languageCookie, sessionIdleMs, type ConsoleDeps, type ConsoleEnv } from './console-env.js'
import { connectionConsoleRoutes } from './connection-console-routes.js'
import { apiHeldChanges } from './held-changes.js'
import { loginRoutes } from './login-routes.js'
import { MessagePage } from './message-page.js'
import { runProgressScript } from './run-progress-script.js'
import { createSessionStore } from './session-store.js'
import { texts, type Language } from './texts.js'
import { webhookConsoleRoutes } from './webhook-console-routes.js'

const securityHeaders = {
  // Personal pages: never kept by the browser or a proxy.
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'",
}

/**
 * The console (DESIGN.md §6a), mounted at `/`: `GET /` redirects to `/console`. Every action
 * is a request to the admin API of the same app (console-api.ts), so the console has no path
 * of its own to the database but one read (the latest mutations).
 */
export function consoleRoutes(deps: ConsoleDeps): Hono {
  const secure = deps.config.server.public_url.startsWith('https:')
  const sessions = deps.sessions ?? createSessionStore({ idleMs: sessionIdleMs })
  const adminToken = deps.config.server.admin_token
  const pages = new Hono<ConsoleEnv>()
  pages.use('/console/*', async (c, next) => {
    const asked = c.req.query('lang')
    const language: Language = asked === 'en' || asked === 'nl' ? asked : getCookie(c, languageCookie) === 'en' ? 'en' : 'nl'
    if (asked === 'en' || asked === 'nl') setCookie(c, languageCookie, asked, { path: '/', httpOnly: true, sameSite: 'Lax', secure, maxAge: 365 * 24 * 3600 })
    c.set('language', language)
    c.set('t', texts[language])
    const url = new URL(c.req.url)
    url.searchParams.delete('lang')
    c.set('here', `${url.pathname}${url.search}`)
    c.set('api', consoleApi(c, adminToken))
    await next()
    for (const [name, value] of Object.entries(securityHeaders)) c.header(name, value)
  })
  pages.use('/console/*', consoleGuard({ sessions, secure }))
  pages.get(consolePaths.progressScript, (c) => c.body(runProgressScript, 200, { 'content-type': 'text/javascript; charset=utf-8' }))
  pages.route('/', loginRoutes({ adminToken, sessions, secure }))
  pages.route('/', connectionConsoleRoutes({ db: deps.db }))
  pages.route('/', webhookConsoleRoutes({ webhooks: deps.config.webhooks, held: deps.held ?? apiHeldChanges }))
  pages.get('/console/*', (c) => c.html(<MessagePage t={c.var.t} here={c.var.here} csrf={c.var.session.csrf} title={c.var.t.notFound} text={c.req.path} back={{ href: consolePaths.home, label: c.var.t.nav.connections }} />, 404))
  pages.onError((error, c) => {
    const t = c.var.t ?? texts.nl
    const notFound = isKoppelError(error) && error.code === 'not_found'
    if (!notFound) deps.log.error({ err: { message: error.message, stack: error.stack }, path: c.req.path }, 'console page failed')
    const page = <MessagePage t={t} here={c.var.here ?? consolePaths.home} csrf={c.var.session?.csrf} title={notFound ? t.notFound : t.actionFailed} text={notFound ? error.message : t.actionFailed} back={{ href: consolePaths.home, label: t.nav.connections }} />
    for (const [name, value] of Object.entries(securityHeaders)) c.header(name, value)
    return c.html(page, notFound ? 404 : 500)
  })

  return new Hono().get('/', (c) => c.redirect(consolePaths.home, 302)).route('/', pages)
}
