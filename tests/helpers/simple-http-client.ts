import type { HttpClient, HttpRequestOptions, HttpResponse } from '../../core/connector.js'
import { KoppelError, type ErrorCode } from '../../core/errors.js'

export interface SimpleHttpClientOptions {
  /** Sent as `Authorization: Bearer <token>` when set. */
  token?: string
  /** Called once per request, before it is sent (for counting or asserting). */
  onRequest?: (url: string, options: HttpRequestOptions) => void
}

/**
 * A minimal {@link HttpClient} over global fetch for connector tests: bearer token, no
 * retries, and the status mapping of the real client (403 → upstream_forbidden, 404 →
 * upstream_not_found, 401 → upstream_unauthorized, other non-2xx → upstream_unavailable,
 * bad JSON → upstream_bad_response), with `details: { status, path }` and never a body.
 */
export function createSimpleHttpClient(options: SimpleHttpClientOptions = {}): HttpClient {
  const request = async (url: string, requestOptions: HttpRequestOptions = {}): Promise<HttpResponse> => {
    options.onRequest?.(url, requestOptions)
    const target = new URL(url)
    for (const [key, value] of Object.entries(requestOptions.query ?? {})) {
      if (value !== undefined) target.searchParams.set(key, String(value))
    }
    const headers: Record<string, string> = { ...requestOptions.headers }
    if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`
    const response = await fetch(target, {
      method: requestOptions.method ?? 'GET',
      headers,
      ...(requestOptions.body === undefined ? {} : { body: requestOptions.body }),
    })
    return { status: response.status, headers: response.headers, text: await response.text() }
  }
  return {
    request,
    async getJson(url, requestOptions) {
      const response = await request(url, requestOptions)
      const path = new URL(url).pathname
      if (response.status < 200 || response.status >= 300) {
        const code = statusCode(response.status)
        throw new KoppelError(code, `upstream answered ${response.status} (${path})`, { details: { status: response.status, path } })
      }
      try {
        return JSON.parse(response.text) as unknown
      } catch {
        throw new KoppelError('upstream_bad_response', `upstream sent malformed JSON (${path})`, { details: { status: response.status, path } })
      }
    },
  }
}

function statusCode(status: number): ErrorCode {
  if (status === 401) return 'upstream_unauthorized'
  if (status === 403) return 'upstream_forbidden'
  if (status === 404) return 'upstream_not_found'
  if (status === 429) return 'upstream_rate_limited'
  return 'upstream_unavailable'
}
