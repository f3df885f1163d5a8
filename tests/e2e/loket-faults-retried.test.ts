import { describe, expect, it } from 'vitest'
import { useFaultFixture } from './fault-fixture.js'

const fixture = useFaultFixture()

describe('Loket faults that retries absorb, through a sync of the gateway', () => {
  it('500s are retried and the run succeeds', async () => {
    await fixture.expectRetried([{ kind: 'status', status: 500, path: fixture.list('employments'), times: 2 }])
    expect(fixture.sandbox.requests.filter((entry) => fixture.list('employments').test(entry.path)).map((entry) => entry.status).slice(0, 3)).toEqual([500, 500, 200])
  })

  it('a 503 with Retry-After is honoured', async () => {
    const run = await fixture.expectRetried([{ kind: 'status', status: 503, retryAfter: 1, path: fixture.list('employees') }])
    // The client's own backoff is at most 100 ms here: only Retry-After explains a second's wait.
    expect(run.durationMs).toBeGreaterThanOrEqual(950)
    expect(fixture.retries().filter((line) => line.status === 503).map((line) => line.retryInMs)).toEqual([1000])
  })

  it('429s are retried', async () => {
    await fixture.expectRetried([{ kind: 'status', status: 429, path: '/citizenservicenumber', times: 2 }])
    expect(fixture.retries().filter((line) => line.status === 429)).toHaveLength(2)
  })

  it('a connection reset mid-body is retried', async () => {
    const before = fixture.retries().length
    await fixture.expectRetried([{ kind: 'reset', path: fixture.list('employees') }, { kind: 'reset', path: '/wages' }])
    expect(fixture.retries().slice(before).every((line) => line.status === undefined && line.reason !== 'timeout')).toBe(true)
    expect(fixture.retries().length - before).toBe(2)
  })

  it('a request slower than the timeout is abandoned and retried', async () => {
    await fixture.expectRetried([{ kind: 'delay', ms: 1500, path: fixture.list('employments') }])
    expect(fixture.sandbox.requests.filter((entry) => fixture.list('employments').test(entry.path)).length).toBeGreaterThanOrEqual(2)
    expect(fixture.retries().filter((line) => line.reason === 'timeout')).toHaveLength(1)
  })

  it('a 401 mid-run is answered with one refresh and the run succeeds', async () => {
    const before = fixture.sandbox.oauth.tokenRequests.refresh_token
    await fixture.expectRetried([{ kind: 'status', status: 401, path: fixture.list('employees') }])
    expect(fixture.sandbox.oauth.tokenRequests.refresh_token - before).toBe(1)
  })
})
