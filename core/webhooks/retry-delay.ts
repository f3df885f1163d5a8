/** Jitter applied to every scheduled delay: ±20%. */
const jitter = 0.2

/**
 * The delay before the next attempt after `attempts` failed ones: `schedule[attempts - 1]`
 * jittered ±20%; a later `Retry-After` wins, capped at `maxDelayMs`. Null after the last.
 */
export function retryDelay(options: { scheduleMs: readonly number[]; attempts: number; retryAfterMs: number | null; maxDelayMs: number; random?: () => number }): number | null {
  const scheduled = options.scheduleMs[options.attempts - 1]
  if (scheduled === undefined) return null
  const random = options.random ?? Math.random
  const jittered = Math.round(scheduled * (1 + (random() * 2 - 1) * jitter))
  const delay = options.retryAfterMs !== null && options.retryAfterMs > jittered ? options.retryAfterMs : jittered
  return Math.min(Math.max(delay, 0), options.maxDelayMs)
}

/** `Retry-After` as milliseconds from `now`: delta seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
  if (!value) return null
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? null : Math.max(date - now, 0)
}
