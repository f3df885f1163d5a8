import type { MiddlewareHandler } from 'hono'
import type { Context } from 'hono'
import { KoppelError } from '../../errors.js'

/** The gateway app's own `fetch`: the console acts only through the admin API, never beside it. */
export type AppFetch = (request: Request) => Response | Promise<Response>

declare module 'hono' {
  interface ContextVariableMap {
    koppelApp: AppFetch
  }
}

export type ApiResult<T> = { ok: true; status: number; body: T } | { ok: false; status: number; error: { code: string; message: string } }

export interface ConsoleApi {
  call<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<ApiResult<T>>
  /** Like `call`, but an error answer throws (a page that cannot show anything without it). */
  get<T>(path: string): Promise<T>
}

/** Registered by `createApp` on `/console/*`, so console handlers reach the app they are mounted in. */
export function exposeApp(app: AppFetch): MiddlewareHandler {
  return async (c, next) => {
    c.set('koppelApp', app)
    await next()
  }
}

/**
 * The admin API as the console calls it: an in-process request to the same app, with the
 * admin token (the session proved its holder knew it), through the same routes, validation
 * and error codes as any API client.
 */
export function consoleApi(c: Context, adminToken: string): ConsoleApi {
  const app = c.get('koppelApp') as AppFetch | undefined
  if (!app) throw new KoppelError('internal_error', 'the console is mounted without its app (exposeApp)')
  const call = async <T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<ApiResult<T>> => {
    const headers = new Headers({ authorization: `Bearer ${adminToken}` })
    if (body !== undefined) headers.set('content-type', 'application/json')
    const response = await app(new Request(new URL(path, 'http://koppel.internal'), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }))
    const text = await response.text()
    // The admin API's own JSON, made in this process by the routes DESIGN.md §6 fixes.
    const json = (text ? JSON.parse(text) : null) as unknown
    if (response.ok) return { ok: true, status: response.status, body: json as T }
    const error = (json as { error?: { code?: string; message?: string } } | null)?.error
    return { ok: false, status: response.status, error: { code: error?.code ?? 'internal_error', message: error?.message ?? `status ${response.status}` } }
  }
  return {
    call,
    async get<T>(path: string) {
      const result = await call<T>('GET', path)
      if (!result.ok) throw new KoppelError(result.status === 404 ? 'not_found' : 'internal_error', result.error.message)
      return result.body
    },
  }
}
