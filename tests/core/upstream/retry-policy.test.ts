import { describe, expect, it } from 'vitest'
import { defaultRetryPolicy, parseRetryAfterMs, retryDelayMs } from '../../../core/upstream/retry-policy.js'

describe('retry policy', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T12:00:00Z')
    expect(parseRetryAfterMs('7', now)).toBe(7000)
    expect(parseRetryAfterMs('Thu, 01 Jan 2026 12:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfterMs('Thu, 01 Jan 2026 11:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfterMs('soon', now)).toBeNull()
    expect(parseRetryAfterMs(null, now)).toBeNull()
  })

  it('clamps a long Retry-After', () => {
    expect(retryDelayMs(defaultRetryPolicy, 1, '86400')).toBe(defaultRetryPolicy.maxRetryAfterMs)
  })

  it('backs off exponentially with full jitter, capped', () => {
    const policy = { ...defaultRetryPolicy, baseDelayMs: 100, maxDelayMs: 1000 }
    expect(retryDelayMs(policy, 1, null, 0, () => 0.999)).toBe(100)
    expect(retryDelayMs(policy, 3, null, 0, () => 0.5)).toBe(200)
    expect(retryDelayMs(policy, 10, null, 0, () => 1)).toBe(1000)
    expect(retryDelayMs(policy, 4, null, 0, () => 0)).toBe(0)
  })
})
