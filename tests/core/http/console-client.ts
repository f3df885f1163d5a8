import type { Gateway } from '../../../core/create-gateway.js'

/** A browser-like client of the console over `app.request`: keeps cookies, reads forms' CSRF tokens. */
export interface ConsoleClient {
  cookies: Map<string, string>
  get(path: string): Promise<Response>
  post(path: string, fields: Record<string, string | string[]>, options?: { referer?: string }): Promise<Response>
  /** GET the login page, then POST the token with its CSRF token. */
  login(token: string): Promise<Response>
  /** The `_csrf` value of the first form on a page (the session's token). */
  csrf(path?: string): Promise<string>
}

export function consoleClient(gateway: Pick<Gateway, 'app'>): ConsoleClient {
  const cookies = new Map<string, string>()
  const remember = (response: Response) => {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';')
      const [name, ...value] = pair!.split('=')
      const text = value.join('=')
      if (text === '' || /max-age=0/i.test(header)) cookies.delete(name!.trim())
      else cookies.set(name!.trim(), text)
    }
    return response
  }
  const cookieHeader = () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  const get = async (path: string) => remember(await gateway.app.request(path, { headers: { cookie: cookieHeader() } }))
  const post = async (path: string, fields: Record<string, string | string[]>, options: { referer?: string } = {}) => {
    const body = new URLSearchParams()
    for (const [name, value] of Object.entries(fields)) for (const item of Array.isArray(value) ? value : [value]) body.append(name, item)
    const headers: Record<string, string> = { cookie: cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' }
    if (options.referer) headers.referer = options.referer
    return remember(await gateway.app.request(path, { method: 'POST', headers, body }))
  }
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? ''
  return {
    cookies, get, post,
    async login(token) {
      const page = await (await get('/console/login')).text()
      return post('/console/login', { _csrf: csrfOf(page), token })
    },
    async csrf(path = '/console') {
      return csrfOf(await (await get(path)).text())
    },
  }
}
