/**
 * Every error Koppel raises on purpose carries a snake_case code. The HTTP status of a code
 * lives in one table here, so routes only throw and `app.onError` maps.
 */
export const errorStatus = {
  invalid_request: 400,
  payload_too_large: 413,
  unauthorized: 401,
  not_found: 404,
  run_in_progress: 409,
  connection_disabled: 409,
  /** A run's outcome, not a request's: the delete guard held the run (DESIGN §4). */
  delete_guard: 409,
  conflict: 409,
  /** Replay of a mutation still held for release (`release: manual`): release it instead (DESIGN §6). */
  delivery_held: 409,
  /** The catch-up feed no longer holds all that was asked for: retention pruned part of it (DESIGN §6). */
  feed_truncated: 410,
  config_invalid: 500,
  /** A bad command line: unknown command, flag or connection (CLI exit code 2). */
  usage_invalid: 400,
  plugin_invalid: 500,
  not_implemented: 501,
  needs_authorization: 409,
  oauth_exchange_failed: 502,
  vault_key_invalid: 500,
  vault_decrypt_failed: 500,
  employer_not_found: 422,
  bsn_not_authorized: 502,
  upstream_unauthorized: 502,
  upstream_forbidden: 502,
  upstream_rate_limited: 502,
  upstream_unavailable: 502,
  upstream_bad_response: 502,
  upstream_timeout: 502,
  upstream_not_found: 502,
  /** The source's user filter narrows what its lists return (DESIGN §4): a run would delete what it hides. */
  upstream_filtered: 502,
  invalid_grant: 502,
  /** Why a subscription was disabled: its receiver answered 410 Gone (DESIGN §7). */
  http_410: 410,
  shutdown: 503,
  /** A run's outcome: the process running it stopped renewing its lease (it died or stalled; DESIGN §10). */
  lease_expired: 503,
  not_ready: 503,
  aborted: 503,
  internal_error: 500,
} as const

export type ErrorCode = keyof typeof errorStatus

export interface KoppelErrorOptions {
  cause?: unknown
  /** Structured, non-personal details (ids, counts, paths). Sent to API clients. */
  details?: unknown
}

export class KoppelError extends Error {
  override readonly name = 'KoppelError'
  readonly code: ErrorCode
  readonly details: unknown

  constructor(code: ErrorCode, message: string, options: KoppelErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.details = options.details
  }

  get status(): number {
    return errorStatus[this.code]
  }
}

export function isKoppelError(error: unknown): error is KoppelError {
  return error instanceof KoppelError
}

/** What a run, a check or an API answer stores of an error. */
export interface ErrorInfo {
  code: ErrorCode
  message: string
}

/** A coded view of any thrown value, safe to store and log: no stack, no upstream body. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (isKoppelError(error)) return { code: error.code, message: error.message }
  if (error instanceof Error && error.name === 'AbortError') return { code: 'aborted', message: 'aborted' }
  return { code: 'internal_error', message: error instanceof Error ? error.message : String(error) }
}
