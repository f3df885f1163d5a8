import type { Context } from 'hono'
import { Hono } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { consolePaths } from './console-paths.js'
import { loginCookie, sessionCookie, type ConsoleEnv } from './console-env.js'
import { LoginPage, type PendingAction } from './login-page.js'
import { ResumePage } from './resume-page.js'
import { sameSecret } from './same-secret.js'
import { newToken, type Flash, type SessionStore } from './session-store.js'


export interface LoginOptions {
  adminToken: string
  sessions: SessionStore
  secure: boolean
}

/** Only console pages are a place to return to: no open redirect through `next`. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/console(\/|$|\?)/.test(next) && !next.startsWith('//') ? next : consolePaths.home
}

/**
 * The login page. Its CSRF token is a fresh random value paired with a short-lived
 * SameSite=Strict cookie (there is no session yet to hold it).
 */
export function renderLogin(c: Context<ConsoleEnv>, options: { secure: boolean; status?: 200 | 401 | 403; next?: string; pending?: PendingAction; flash?: Flash }) {
  const csrf = newToken()
  setCookie(c, loginCookie, csrf, { path: consolePaths.home, httpOnly: true, sameSite: 'Strict', secure: options.secure, maxAge: 60 * 60 })
  const page = <LoginPage t={c.var.t} here={c.var.here} csrf={csrf} next={options.next} pending={options.pending} flash={options.flash} />
  return c.html(page, options.status ?? 200)
}

/** `GET|POST /console/login`, `POST /console/logout`. */
export function loginRoutes(options: LoginOptions) {
  return new Hono<ConsoleEnv>()
    .get('/console/login', (c) => renderLogin(c, { secure: options.secure, next: c.req.query('next') }))
    .post('/console/login', async (c) => {
      const form = await c.req.parseBody()
      const next = typeof form.next === 'string' ? form.next : undefined
      const pending = parsePending(form.pending)
      const expected = getCookie(c, loginCookie)
      if (expected === undefined || !sameSecret(typeof form._csrf === 'string' ? form._csrf : undefined, expected)) {
        return renderLogin(c, { secure: options.secure, status: 403, next, pending, flash: { kind: 'error', text: c.var.t.formExpired } })
      }
      if (!sameSecret(typeof form.token === 'string' ? form.token : undefined, options.adminToken)) {
        return renderLogin(c, { secure: options.secure, status: 401, next, pending, flash: { kind: 'error', text: c.var.t.loginFailed } })
      }
      deleteCookie(c, loginCookie, { path: consolePaths.home })
      const previous = options.sessions.touch(getCookie(c, sessionCookie))
      options.sessions.destroy(previous?.id)
      const session = options.sessions.create()
      setCookie(c, sessionCookie, session.id, { path: consolePaths.home, httpOnly: true, sameSite: 'Strict', secure: options.secure })
      if (pending) return c.html(<ResumePage t={c.var.t} here={c.var.here} csrf={session.csrf} pending={pending} back={safeNext(next)} />)
      return c.redirect(safeNext(next), 303)
    })
    .post('/console/logout', (c) => {
      options.sessions.destroy(c.var.session.id)
      deleteCookie(c, sessionCookie, { path: consolePaths.home })
      return c.redirect(consolePaths.login, 303)
    })
}

function parsePending(value: unknown): PendingAction | undefined {
  if (typeof value !== 'string') return undefined
  try {
    const parsed = JSON.parse(value) as { action?: unknown; fields?: unknown }
    if (typeof parsed.action !== 'string' || safeNext(parsed.action) !== parsed.action || typeof parsed.fields !== 'object' || parsed.fields === null) return undefined
    const fields: Record<string, string | string[]> = {}
    for (const [name, field] of Object.entries(parsed.fields as Record<string, unknown>)) {
      if (typeof field === 'string') fields[name] = field
      else if (Array.isArray(field) && field.every((item) => typeof item === 'string')) fields[name] = field as string[]
    }
    return { action: parsed.action, fields }
  } catch {
    return undefined
  }
}
