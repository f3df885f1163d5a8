import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRng, type StartedLoketSandbox } from '../../connectors/loket/sandbox/index.js'
import { snapshotDifferences, type Snapshot } from './e2e-api.js'
import { connectionId, referenceSnapshot, startGateway, startSandbox, type GatewayInstance } from './loket-harness.js'

let sandbox: StartedLoketSandbox
let instance: GatewayInstance

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 23, employeesPerEmployer: 10 })
  instance = await startGateway(sandbox, {
    settings: { page_size: 4 },
    // The property test removes employees at random; the guard has its own tests.
    connection: { delete_guard: { max_ratio: 1, min_count: 1000 } },
  })
  await instance.enterTokens()
  expect((await instance.api.sync(connectionId, { mode: 'full' })).status).toBe('succeeded')
})
afterAll(async () => {
  await instance?.close()
  await sandbox?.close()
})

const v2Paths = () => sandbox.requests.filter((entry) => entry.path.startsWith('/v2/')).map((entry) => entry.path)

describe('incremental Loket syncs', () => {
  it('refetch only the edited employment and its employee, and yield its mutations', async () => {
    const after = (await instance.api.feed(0)).at(-1)?.sequence ?? 0
    const job = [...sandbox.data.employments.values()].find((entry) => entry.employment.endDate === null && entry.wages.length === 1)!
    const others = [...sandbox.data.employments.values()].filter((entry) => entry !== job)
    sandbox.raiseSalary(job.employment.id, { percent: 5 })
    sandbox.requests.length = 0

    const run = await instance.api.sync(connectionId, { mode: 'incremental' })
    expect(run).toMatchObject({ status: 'succeeded', mode: 'incremental', employers: [expect.objectContaining({ mode: 'incremental' })] })
    const paths = v2Paths()
    const employmentBase = `/v2/providers/employers/employees/employments/${job.employment.id}`
    expect(paths.filter((path) => path.startsWith(employmentBase)).sort())
      .toEqual([employmentBase, `${employmentBase}/organizationalentities`, `${employmentBase}/wages`, `${employmentBase}/workinghours`])
    expect(paths.filter((path) => others.some((entry) => path.includes(entry.employment.id)))).toEqual([])
    // No list of employees or employments is read, and only this employee is.
    expect(paths.filter((path) => /\/employees(\/employments)?$/.test(path))).toEqual([])
    const employeePaths = paths.filter((path) => path.startsWith('/v2/providers/employers/employees/') && !path.includes('/employments/'))
    // With the employee come its partner and child lists (employee data, under the same version number).
    const employee = `/v2/providers/employers/employees/${job.employeeId}`
    expect(employeePaths.sort()).toEqual([employee, `${employee}/children`, `${employee}/citizenservicenumber`, `${employee}/partners`])

    const feed = await instance.api.feed(after)
    expect(feed.map((m) => `${m.operation} ${m.entity}`).sort()).toEqual(['created wage', 'updated wage'])
    expect(feed.every((m) => (m.record ?? m.previous)?.employmentId === job.employment.id)).toBe(true)
  })

  it('commit the cursor with the data: a failed incremental run is caught up by the next one', async () => {
    const employee = [...sandbox.data.employees.values()][3]!
    const snapshot = await instance.api.snapshot()
    const feed = await instance.api.feed(0)
    sandbox.changeAddress(employee.employee.id, { street: 'Oudegracht', houseNumber: 9 })
    sandbox.faults.add({ kind: 'status', status: 500, path: new RegExp(`/employees/${employee.employee.id}$`), times: Infinity })
    const failed = await instance.api.sync(connectionId, { mode: 'incremental' })
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'upstream_unavailable' } })
    expect(snapshotDifferences(await instance.api.snapshot(), snapshot)).toEqual([])
    expect(await instance.api.feed(0)).toEqual(feed)

    sandbox.faults.clear()
    const after = feed.at(-1)?.sequence ?? 0
    expect((await instance.api.sync(connectionId, { mode: 'incremental' })).status).toBe('succeeded')
    const caught = await instance.api.feed(after)
    expect(caught.map((m) => `${m.operation} ${m.entity}/${m.recordId}`)).toEqual([`updated employee/${employee.employee.id}`])
    expect(caught[0]!.changes).toEqual(expect.arrayContaining([{ path: 'address.street', before: expect.any(String), after: 'Oudegracht' }]))
  })

  it('PROPERTY: random edits with random full and incremental runs keep the snapshot true to the source', async () => {
    const rng = createRng(99)
    const modes: Array<'full' | 'incremental'> = ['incremental', 'full', 'incremental', 'incremental', 'full', 'incremental', 'full', 'incremental']
    // Shuffle, keeping both kinds present.
    for (let i = modes.length - 1; i > 0; i--) {
      const j = rng.int(0, i)
      ;[modes[i], modes[j]] = [modes[j]!, modes[i]!]
    }
    for (const [round, mode] of modes.entries()) {
      const edits = Array.from({ length: rng.int(2, 5) }, () => sandbox.randomEdit(rng))
      const before = await instance.api.snapshot()
      const run = await instance.api.sync(connectionId, { mode })
      const context = `round ${round} (${mode}): ${edits.join('; ')}`
      expect(run.status, context).toBe('succeeded')
      const stored = await instance.api.snapshot()
      const source = await referenceSnapshot(sandbox)
      if (mode === 'full') {
        expect(snapshotDifferences(stored, source), context).toEqual([])
      } else {
        // An incremental run deletes only what is gone from the source (records of re-read chains, DESIGN.md §4).
        expect([...before.keys()].filter((key) => !stored.has(key) && source.has(key)), `${context}: deleted`).toEqual([])
        expect(staleOrMissing(stored, source), `${context}: stale`).toEqual([])
      }
    }
    // A last full run settles what incremental runs leave behind (removed records).
    expect((await instance.api.sync(connectionId, { mode: 'full' })).status).toBe('succeeded')
    expect(snapshotDifferences(await instance.api.snapshot(), await referenceSnapshot(sandbox))).toEqual([])
  })
})

/** Records of the source that the snapshot lacks or holds in another version. */
function staleOrMissing(stored: Snapshot, source: Snapshot): string[] {
  return [...source].filter(([key, record]) => JSON.stringify(stored.get(key)) !== JSON.stringify(record)).map(([key]) => key)
}
