import type { Transport } from '../upstream/node-transport.js'
import { parseRetryAfter } from './retry-delay.js'

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
export async function sendAttempt(transport: Transport, request: { url: string; headers: Record<string, string>; body: string; timeoutMs: number }): Promise<AttemptResponse> {
  const started = Date.now()
  const startedAt = new Date(started).toISOString()
  try {
    // node:http never follows redirects: a 3xx is an answer like any other.
    const response = await transport(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(request.timeoutMs),
      maxBodyBytes: keptBodyBytes,
    })
    const responseBody = response.text === '' ? null : response.text
    const status = response.status
    const errorClass = status >= 200 && status < 300 ? null : status >= 300 && status < 400 ? 'redirect' : `http_${status}`
    return { startedAt, durationMs: Date.now() - started, statusCode: status, errorClass, responseBody, retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) }
  } catch (error) {
    return { startedAt, durationMs: Date.now() - started, statusCode: null, errorClass: networkErrorClass(error), responseBody: null, retryAfterMs: null }
  }
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
