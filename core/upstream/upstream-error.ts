import { KoppelError, type ErrorCode } from '../errors.js'

/**
 * The coded error for a final, unsuccessful upstream status. `path` is the URL's pathname
 * only: query strings and bodies may carry personal data and never leave this function.
 */
export function upstreamStatusError(status: number, path: string): KoppelError {
  const code = upstreamStatusCode(status)
  return new KoppelError(code, `upstream answered ${status} for ${path}`, { details: { status, path } })
}

export function upstreamStatusCode(status: number): ErrorCode {
  if (status === 401) return 'upstream_unauthorized'
  if (status === 403) return 'upstream_forbidden'
  if (status === 404) return 'upstream_not_found'
  if (status === 429) return 'upstream_rate_limited'
  if (status >= 500) return 'upstream_unavailable'
  return 'upstream_bad_response'
}

/** The pathname of a URL, for logs and error details. */
export function urlPath(url: string): string {
  try {
    return new URL(url).pathname
  } catch {
    return '(invalid url)'
  }
}

/** A short, non-personal label for a network failure (`ECONNRESET`, `UND_ERR_SOCKET`, …). */
export function networkErrorLabel(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause
  if (cause && typeof cause.code === 'string') return cause.code
  const own = (error as { code?: unknown } | undefined)?.code
  if (typeof own === 'string') return own
  return error instanceof Error ? error.name : 'unknown'
}
