import { describe, expect, it } from 'vitest'
import { parseRetryAfter, retryDelay } from '../../../core/webhooks/retry-delay.js'

describe('retryDelay', () => {
  const scheduleMs = [1000, 60_000]
  it('follows the schedule with ±20% jitter and ends after the last entry', () => {
    expect(retryDelay({ scheduleMs, attempts: 1, retryAfterMs: null, maxDelayMs: 1e9, random: () => 0 })).toBe(800)
    expect(retryDelay({ scheduleMs, attempts: 1, retryAfterMs: null, maxDelayMs: 1e9, random: () => 1 })).toBe(1200)
    expect(retryDelay({ scheduleMs, attempts: 2, retryAfterMs: null, maxDelayMs: 1e9, random: () => 0.5 })).toBe(60_000)
    expect(retryDelay({ scheduleMs, attempts: 3, retryAfterMs: null, maxDelayMs: 1e9 })).toBeNull()
  })

  it('takes Retry-After only when later, capped at the maximum', () => {
    expect(retryDelay({ scheduleMs, attempts: 1, retryAfterMs: 5000, maxDelayMs: 1e9, random: () => 0.5 })).toBe(5000)
    expect(retryDelay({ scheduleMs, attempts: 1, retryAfterMs: 10, maxDelayMs: 1e9, random: () => 0.5 })).toBe(1000)
    expect(retryDelay({ scheduleMs, attempts: 1, retryAfterMs: 1e12, maxDelayMs: 86_400_000, random: () => 0.5 })).toBe(86_400_000)
  })

  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(parseRetryAfter('120', now)).toBe(120_000)
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:01:00 GMT', now)).toBe(60_000)
    expect(parseRetryAfter('soon', now)).toBeNull()
    expect(parseRetryAfter(null, now)).toBeNull()
  })
})
