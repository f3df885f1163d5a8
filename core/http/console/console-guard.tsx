import type { MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import { consolePaths } from './console-paths.js'
import { sessionCookie, type ConsoleEnv } from './console-env.js'
import type { PendingAction } from './login-page.js'
import { renderLogin } from './login-routes.js'
import { MessagePage } from './message-page.js'
import { sameSecret } from './same-secret.js'
import type { SessionStore } from './session-store.js'

const publicPaths = new Set<string>([consolePaths.login, consolePaths.progressScript])

/**
 * Every console page but the login needs a live session; every POST also needs the
 * session's CSRF token. A POST whose session expired is not refused outright: the login
 * page carries its form along, so after logging in the person confirms it and loses
 * nothing (nothing ran meanwhile).
 */
export function consoleGuard(options: { sessions: SessionStore; secure: boolean }): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    if (publicPaths.has(c.req.path)) return next()
    const session = options.sessions.touch(getCookie(c, sessionCookie))
    const post = c.req.method === 'POST'
    if (!session) {
      if (!post) return c.redirect(`${consolePaths.login}?next=${encodeURIComponent(c.var.here)}`, 303)
      const form = await c.req.parseBody({ all: true })
      const fields: PendingAction['fields'] = {}
      for (const [name, value] of Object.entries(form)) {
        if (name === '_csrf') continue
        const texts = (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string')
        fields[name] = Array.isArray(value) ? texts : texts[0] ?? ''
      }
      const back = c.req.header('referer')
      const next = back ? new URL(back, 'http://console.local').pathname : consolePaths.home
      return renderLogin(c, {
        secure: options.secure, status: 401, next, pending: { action: c.req.path, fields },
        flash: { kind: 'error', text: c.var.t.sessionExpired },
      })
    }
    if (post) {
      const form = await c.req.parseBody({ all: true })
      const csrf = form._csrf
      if (typeof csrf !== 'string' || !sameSecret(csrf, session.csrf)) {
        const back = { href: consolePaths.home, label: c.var.t.nav.connections }
        return c.html(<MessagePage t={c.var.t} here={c.var.here} csrf={session.csrf} title={c.var.t.actionFailed} text={c.var.t.formExpired} back={back} />, 403)
      }
    }
    c.set('session', session)
    await next()
  }
}
