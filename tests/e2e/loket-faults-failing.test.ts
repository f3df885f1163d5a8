import { describe, expect, it } from 'vitest'
import { connectionId, testRetryPolicy } from './loket-harness.js'
import { useFaultFixture } from './fault-fixture.js'

const fixture = useFaultFixture()

describe('Loket faults that fail a run cleanly, through a sync of the gateway', () => {
  it('a persistent 500 fails the run with upstream_unavailable and commits nothing', async () => {
    const { requests } = await fixture.expectCleanFailure(() => fixture.sandbox.faults.add({ kind: 'status', status: 500, path: fixture.list('employments'), times: Infinity }), 'upstream_unavailable')
    expect(requests.filter((entry) => fixture.list('employments').test(entry.path)).map((entry) => entry.status)).toEqual(Array(testRetryPolicy.retries + 1).fill(500))
  })

  it('persistent timeouts fail the run with upstream_timeout and commit nothing', async () => {
    await fixture.expectCleanFailure(() => {
      const job = [...fixture.sandbox.data.employments.keys()][2]!
      fixture.sandbox.faults.add({ kind: 'delay', ms: 1200, path: `/employments/${job}/workinghours`, times: testRetryPolicy.retries + 1 })
    }, 'upstream_timeout')
  })

  it('malformed JSON fails the run with upstream_bad_response and commits nothing', async () => {
    await fixture.expectCleanFailure(() => fixture.sandbox.faults.add({ kind: 'malformed-json', path: fixture.list('employees') }), 'upstream_bad_response')
  })

  it('a list whose totalPages shrinks mid-run fails without committing or deleting anything', async () => {
    await fixture.expectCleanFailure(() => {
      // Page 1 answers normally (the no-op delay takes it); page 2 claims a page fewer.
      fixture.sandbox.faults.add({ kind: 'delay', ms: 0, path: fixture.list('employees') })
      fixture.sandbox.faults.add({ kind: 'shrink-total-pages', path: fixture.list('employees') })
    }, 'upstream_bad_response')
  })

  it('a list whose totalPages keeps growing fails after a bounded number of requests and commits nothing', async () => {
    const list = fixture.list('employees')
    // Every answer claims one page more than the page it is: without a guard this pages forever.
    const { requests } = await fixture.expectCleanFailure(() => fixture.sandbox.faults.add({ kind: 'grow-total-pages', path: list, times: Infinity }), 'upstream_bad_response')
    const listReads = requests.filter((entry) => list.test(entry.path))
    // Three real pages announced by page 1, two pages of slack, then the growth past it is refused.
    expect(listReads.map((entry) => Number(entry.query.pageNumber))).toEqual([1, 2, 3, 4, 5])
  })

  it('a page answering another currentPage than asked fails the run and commits nothing', async () => {
    const list = fixture.list('employees')
    await fixture.expectCleanFailure(() => {
      // Page 1 answers normally (the no-op delay takes it); page 2 says it is page 3, so a
      // reader trusting it would stop there and take page 3's employees for deleted.
      fixture.sandbox.faults.add({ kind: 'delay', ms: 0, path: list })
      fixture.sandbox.faults.add({ kind: 'wrong-current-page', path: list })
    }, 'upstream_bad_response')
  })

  it('a 403 on the BSN fails the run with bsn_not_authorized and commits nothing', async () => {
    const { run } = await fixture.expectCleanFailure(() => fixture.sandbox.setRight('Beheren en raadplegen BSN', false), 'bsn_not_authorized', () => fixture.sandbox.setRight('Beheren en raadplegen BSN', true))
    expect(run.error?.message).toContain('Beheren en raadplegen BSN')
  })

  it('a 401 whose refresh is refused (invalid_grant) leaves the connection needing authorization', async () => {
    await fixture.expectCleanFailure(() => {
      fixture.sandbox.oauth.revokeRefreshTokens()
      fixture.sandbox.faults.add({ kind: 'status', status: 401, path: fixture.list('employments') })
    }, 'needs_authorization', async () => {
      expect(await fixture.instance.api.connection(connectionId)).toMatchObject({ status: 'needs_authorization' })
      await fixture.instance.enterTokens()
    })
    expect(await fixture.instance.api.connection(connectionId)).toMatchObject({ status: 'ready' })
  })
})
