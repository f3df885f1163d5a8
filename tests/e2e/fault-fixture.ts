import { afterAll, beforeAll, expect } from 'vitest'
import type { FaultSpec, RequestLogEntry, StartedLoketSandbox } from '../../connectors/loket/sandbox/index.js'
import { snapshotDifferences, type ApiRun } from './e2e-api.js'
import { connectionId, referenceSnapshot, startGateway, startSandbox, type GatewayInstance } from './loket-harness.js'

export interface FaultFixture {
  readonly sandbox: StartedLoketSandbox
  readonly instance: GatewayInstance
  /** The employer's employee or employment list (exact path: the substring would match more). */
  list(name: 'employees' | 'employments'): RegExp
  /** The faulty run fails with `code`, commits nothing (snapshot, feed), deletes nothing; the next run after `clear` recovers. */
  expectCleanFailure(arrange: () => void | Promise<void>, code: string, clear?: () => void | Promise<void>): Promise<{ run: ApiRun; requests: RequestLogEntry[] }>
  /** The faults are absorbed by retries: the run succeeds and the snapshot is exactly the source. */
  expectRetried(faults: FaultSpec[]): Promise<ApiRun>
  /** The gateway's "upstream request retried" log lines so far (ids, statuses and delays only). */
  retries(): Array<{ status?: number; reason?: string; retryInMs?: number; path?: string }>
}

/**
 * One small sandbox and an authorized gateway with a baseline (registered as this file's
 * beforeAll/afterAll), and the two checks every fault scenario ends with.
 */
export function useFaultFixture(): FaultFixture {
  let sandbox: StartedLoketSandbox
  let instance: GatewayInstance
  let employerId: string
  let hired: string | null = null
  // Three pages per list; a timeout short enough to trip on purpose.
  const settings = { page_size: 3, timeout: '500ms' }

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

  /** Edits waiting in Loket (update, create or delete), so that a half-applied run would show. */
  const pendingEdits = (): void => {
    sandbox.changeAddress([...sandbox.data.employees.values()][1]!.employee.id)
    const job = [...sandbox.data.employments.values()].find((entry) => entry.employment.endDate === null)!
    sandbox.raiseSalary(job.employment.id, { percent: 2 })
    if (hired === null) {
      hired = sandbox.hire(employerId).employeeId
    } else {
      sandbox.removeEmployee(hired)
      hired = null
    }
  }
  const expectInSync = async (): Promise<void> => {
    expect(snapshotDifferences(await instance.api.snapshot(), await referenceSnapshot(sandbox, { settings }))).toEqual([])
  }

  return {
    get sandbox() { return sandbox },
    get instance() { return instance },
    list: (name) => new RegExp(`/employers/${employerId}/employees${name === 'employments' ? '/employments' : ''}$`),
    async expectCleanFailure(arrange, code, clear = () => sandbox.faults.clear()) {
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
    },
    retries: () => instance.logLines.map((line) => JSON.parse(line) as { msg: string; status?: number; reason?: string; retryInMs?: number; path?: string })
      .filter((line) => line.msg === 'upstream request retried'),
    async expectRetried(faults) {
      pendingEdits()
      sandbox.requests.length = 0
      for (const fault of faults) sandbox.faults.add(fault)
      const run = await instance.api.sync(connectionId)
      expect(run.status).toBe('succeeded')
      expect(sandbox.faults.pending).toEqual([])
      await expectInSync()
      return run
    },
  }
}
