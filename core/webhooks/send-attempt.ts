import { parseRetryAfter } from './retry-delay.js'

/** The slice of `fetch` the dispatcher uses; tests may hand in a wrapper. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>

/** Bytes of the response body kept with an attempt. */
const keptBodyBytes = 2048

export interface AttemptResponse {
  startedAt: string
  durationMs: number
  /** HTTP status, or null when no response arrived. */
  statusCode: number | null
  /** `http_500`, `redirect`, `timeout`, `connection_refused`, …; null on 2xx. */
  errorClass: string | null
  responseBody: string | null
  retryAfterMs: number | null
}

/**
 * One POST of the stored body, redirects not followed, bounded by `timeoutMs` (including
 * reading the body). Never throws: a network failure is an attempt outcome too.
 */
export async function sendAttempt(fetch: FetchLike, request: { url: string; headers: Record<string, string>; body: string; timeoutMs: number }): Promise<AttemptResponse> {
  const started = Date.now()
  const startedAt = new Date(started).toISOString()
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
    })
    const responseBody = await readStart(response)
    const status = response.status
    const errorClass = status >= 200 && status < 300 ? null : status >= 300 && status < 400 ? 'redirect' : `http_${status}`
    return { startedAt, durationMs: Date.now() - started, statusCode: status, errorClass, responseBody, retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) }
  } catch (error) {
    return { startedAt, durationMs: Date.now() - started, statusCode: null, errorClass: networkErrorClass(error), responseBody: null, retryAfterMs: null }
  }
}

/** The first 2 KB of the body; the rest is discarded so the connection can be reused. */
async function readStart(response: Response): Promise<string | null> {
  if (!response.body) return null
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    if (size < keptBodyBytes) chunks.push(value)
    size += value.byteLength
    if (size > 64 * 1024) {
      await reader.cancel()
      break
    }
  }
  if (size === 0) return null
  return Buffer.concat(chunks).subarray(0, keptBodyBytes).toString('utf8')
}

const errorCodes: Record<string, string> = {
  ECONNREFUSED: 'connection_refused',
  ECONNRESET: 'connection_reset',
  EPIPE: 'connection_reset',
  UND_ERR_SOCKET: 'connection_reset',
  UND_ERR_CLOSED: 'connection_reset',
  ENOTFOUND: 'dns_error',
  EAI_AGAIN: 'dns_error',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  EHOSTUNREACH: 'host_unreachable',
  ENETUNREACH: 'host_unreachable',
}

function networkErrorClass(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timeout'
  const cause = error instanceof Error ? (error.cause as { code?: string; name?: string } | undefined) : undefined
  if (cause?.name === 'TimeoutError') return 'timeout'
  const code = cause?.code ?? (error as { code?: string } | null)?.code
  if (code && errorCodes[code]) return errorCodes[code]
  if (code && /CERT|SSL|TLS/.test(code)) return 'tls_error'
  return 'network_error'
}
