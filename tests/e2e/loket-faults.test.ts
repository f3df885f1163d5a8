import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FaultSpec, RequestLogEntry, StartedLoketSandbox } from '../../connectors/loket/sandbox/index.js'
import { snapshotDifferences, type ApiRun } from './e2e-api.js'
import { connectionId, referenceSnapshot, startGateway, startSandbox, testRetryPolicy, type GatewayInstance } from './loket-harness.js'

let sandbox: StartedLoketSandbox
let instance: GatewayInstance
let employerId: string
const settings = { page_size: 3, timeout: '500ms' }
const list = (name: 'employees' | 'employments') => new RegExp(`/employers/${employerId}/employees${name === 'employments' ? '/employments' : ''}$`)

beforeAll(async () => {
  sandbox = await startSandbox({ employeesPerEmployer: 8 })
  employerId = [...sandbox.data.employers.keys()][0]!
  instance = await startGateway(sandbox, { settings })
  await instance.enterTokens()
  expect((await instance.api.sync(connectionId)).status).toBe('succeeded')
})
afterAll(async () => {
  await instance?.close()
  await sandbox?.close()
})

/** Edits waiting in Loket, so that a half-applied run would show in the snapshot or feed. */
function pendingEdits(): void {
  const employees = [...sandbox.data.employees.values()]
  sandbox.changeAddress(employees[1]!.employee.id)
  const job = [...sandbox.data.employments.values()].find((entry) => entry.employment.endDate === null)!
  sandbox.raiseSalary(job.employment.id, { percent: 2 })
  sandbox.hire(employerId)
}

async function expectInSync(): Promise<void> {
  expect(snapshotDifferences(await instance.api.snapshot(), await referenceSnapshot(sandbox, { settings }))).toEqual([])
}

/** The faulty run fails with `code`, commits nothing (snapshot, feed), deletes nothing; the next run after clearing recovers. */
async function expectCleanFailure(
  arrange: () => void | Promise<void>, code: string, clear: () => void | Promise<void> = () => sandbox.faults.clear(),
): Promise<{ run: ApiRun; requests: RequestLogEntry[] }> {
  pendingEdits()
  const snapshot = await instance.api.snapshot()
  const feed = await instance.api.feed(0)
  await arrange()
  sandbox.requests.length = 0
  const run = await instance.api.sync(connectionId)
  const requests = [...sandbox.requests]
  expect(run).toMatchObject({ status: 'failed', error: { code } })
  expect(run.employers).toEqual([expect.objectContaining({ status: 'failed', error: expect.objectContaining({ code }) })])
  expect(snapshotDifferences(await instance.api.snapshot(), snapshot)).toEqual([])
  expect(await instance.api.feed(0)).toEqual(feed)

  await clear()
  const recovery = await instance.api.sync(connectionId)
  expect(recovery.status).toBe('succeeded')
  expect((await instance.api.feed(feed.at(-1)?.sequence ?? 0)).length).toBeGreaterThan(0)
  await expectInSync()
  return { run, requests }
}

/** The fault is absorbed by retries: the run succeeds and the snapshot is exactly the source. */
async function expectRetried(faults: FaultSpec[]): Promise<ApiRun> {
  pendingEdits()
  sandbox.requests.length = 0
  for (const fault of faults) sandbox.faults.add(fault)
  const run = await instance.api.sync(connectionId)
  expect(run.status).toBe('succeeded')
  expect(sandbox.faults.pending).toEqual([])
  await expectInSync()
  return run
}

describe('the Loket fault matrix, through a sync of the gateway', () => {
  it('500s are retried and the run succeeds', async () => {
    await expectRetried([{ kind: 'status', status: 500, path: list('employments'), times: 2 }])
    expect(sandbox.requests.filter((entry) => list('employments').test(entry.path)).map((entry) => entry.status).slice(0, 3)).toEqual([500, 500, 200])
  })

  it('a 503 with Retry-After is honoured', async () => {
    const run = await expectRetried([{ kind: 'status', status: 503, retryAfter: 1, path: list('employees') }])
    // The client's own backoff is at most 100 ms here: only Retry-After explains a second's wait.
    expect(run.durationMs).toBeGreaterThanOrEqual(950)
  })

  it('429s are retried', async () => {
    await expectRetried([{ kind: 'status', status: 429, path: '/citizenservicenumber', times: 2 }])
  })

  it('a connection reset mid-body is retried', async () => {
    await expectRetried([{ kind: 'reset', path: list('employees') }, { kind: 'reset', path: '/wages' }])
  })

  it('a request slower than the timeout is abandoned and retried', async () => {
    await expectRetried([{ kind: 'delay', ms: 1500, path: list('employments') }])
    expect(sandbox.requests.filter((entry) => list('employments').test(entry.path)).length).toBeGreaterThanOrEqual(2)
  })

  it('a 401 mid-run is answered with one refresh and the run succeeds', async () => {
    const before = sandbox.oauth.tokenRequests.refresh_token
    await expectRetried([{ kind: 'status', status: 401, path: list('employees') }])
    expect(sandbox.oauth.tokenRequests.refresh_token - before).toBe(1)
  })

  it('a persistent 500 fails the run with upstream_unavailable and commits nothing', async () => {
    const { requests } = await expectCleanFailure(() => sandbox.faults.add({ kind: 'status', status: 500, path: list('employments'), times: Infinity }), 'upstream_unavailable')
    expect(requests.filter((entry) => list('employments').test(entry.path)).map((entry) => entry.status)).toEqual(Array(testRetryPolicy.retries + 1).fill(500))
  })

  it('persistent timeouts fail the run with upstream_timeout and commit nothing', async () => {
    await expectCleanFailure(() => {
      const job = [...sandbox.data.employments.keys()][2]!
      sandbox.faults.add({ kind: 'delay', ms: 1200, path: `/employments/${job}/workinghours`, times: testRetryPolicy.retries + 1 })
    }, 'upstream_timeout')
  })

  it('malformed JSON fails the run with upstream_bad_response and commits nothing', async () => {
    await expectCleanFailure(() => sandbox.faults.add({ kind: 'malformed-json', path: list('employees') }), 'upstream_bad_response')
  })

  it('a list whose totalPages shrinks mid-run fails without committing or deleting anything', async () => {
    await expectCleanFailure(() => {
      // Page 1 answers normally (the no-op delay takes it); page 2 claims a page fewer.
      sandbox.faults.add({ kind: 'delay', ms: 0, path: list('employees') })
      sandbox.faults.add({ kind: 'shrink-total-pages', path: list('employees') })
    }, 'upstream_bad_response')
  })

  it('a 403 on the BSN fails the run with bsn_not_authorized and commits nothing', async () => {
    const { run } = await expectCleanFailure(() => sandbox.setRight('Beheren en raadplegen BSN', false), 'bsn_not_authorized', () => sandbox.setRight('Beheren en raadplegen BSN', true))
    expect(run.error?.message).toContain('Beheren en raadplegen BSN')
  })

  it('a 401 whose refresh is refused (invalid_grant) leaves the connection needing authorization', async () => {
    await expectCleanFailure(() => {
      sandbox.oauth.revokeRefreshTokens()
      sandbox.faults.add({ kind: 'status', status: 401, path: list('employments') })
    }, 'needs_authorization', async () => {
      expect(await instance.api.connection(connectionId)).toMatchObject({ status: 'needs_authorization' })
      await instance.enterTokens()
    })
    expect(await instance.api.connection(connectionId)).toMatchObject({ status: 'ready' })
  })
})
