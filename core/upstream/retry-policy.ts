/** How the upstream client spaces its retries. All durations in milliseconds. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number
  baseDelayMs: number
  maxDelayMs: number
  /** Upper bound for a server's `Retry-After`; a longer wait is clamped to this. */
  maxRetryAfterMs: number
}

export const defaultRetryPolicy: RetryPolicy = { retries: 4, baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 }

/** Statuses worth another attempt: the server may answer differently next time. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500
}

/**
 * Delay before retry number `attempt` (1-based): exponential backoff with full jitter, so
 * parallel clients that failed together do not come back together. A valid `Retry-After`
 * wins over the backoff, clamped to `maxRetryAfterMs`.
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, retryAfter: string | null, now = Date.now(), random = Math.random): number {
  const fromServer = parseRetryAfterMs(retryAfter, now)
  if (fromServer !== null) return Math.min(fromServer, policy.maxRetryAfterMs)
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
  return Math.round(random() * ceiling)
}

/** `Retry-After` as delay-seconds or an HTTP-date; null when absent or unreadable. */
export function parseRetryAfterMs(value: string | null, now = Date.now()): number | null {
  if (value === null) return null
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const date = Date.parse(trimmed)
  if (Number.isNaN(date)) return null
  return Math.max(0, date - now)
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
