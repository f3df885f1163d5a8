import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StartedLoketSandbox } from '../../connectors/loket/sandbox/index.js'
import { snapshotDifferences } from './e2e-api.js'
import { connectionId, startGateway, startSandbox, type GatewayInstance } from './loket-harness.js'

/** Issue 13, fidelity items 1, 5 and 7: a narrowed source, the employer's own changes, and 404s, through real syncs. */
let sandbox: StartedLoketSandbox
let instance: GatewayInstance
let employerId: string
let employerNumber: string
let leaver: string

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 31, employeesPerEmployer: 12 })
  const employer = [...sandbox.data.employers.values()][0]!
  employerId = employer.employer.id
  employerNumber = String(employer.employer.employerNumber)
  // A leaver: Loket's "ActiveEmployments" filter hides this employment from the employer's lists.
  leaver = [...sandbox.data.employments.values()].find((entry) => entry.employment.endDate === null)!.employment.id
  sandbox.terminate(leaver, '2024-06-30', 'Ontslag door werkgever')
  instance = await startGateway(sandbox, { settings: { page_size: 5 } })
  await instance.enterTokens()
  const baseline = await instance.api.sync(connectionId, { mode: 'full' })
  expect(baseline.error).toBeNull()
  expect(baseline.status).toBe('succeeded')
})
afterAll(async () => {
  await instance?.close()
  await sandbox?.close()
})

const control = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> => {
  const response = await fetch(`${sandbox.url}/_sandbox${path}`, {
    method, headers: { 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: response.status, json: await response.json() }
}
const employmentLists = () => sandbox.requests.filter((entry) => /\/employers\/[^/]+\/employees(\/employments)?$/.test(entry.path))

describe('a narrowed Loket source (the user employment filter)', () => {
  it('fails a full and an incremental run with upstream_filtered before anything is read or deleted, and check names the filter', async () => {
    expect((await instance.api.snapshot()).has(`employment/${leaver}`)).toBe(true)
    const snapshot = await instance.api.snapshot()
    const feed = await instance.api.feed(0)
    const set = await control('POST', `/employers/${employerNumber}/user-filter`, { filterOnEmployedStatus: 'ActiveEmployments' })
    expect(set).toMatchObject({ status: 200, json: { employmentFilter: { filterOnEmployedStatus: 'ActiveEmployments' } } })

    for (const mode of ['full', 'incremental'] as const) {
      sandbox.requests.length = 0
      const run = await instance.api.sync(connectionId, { mode })
      expect(run).toMatchObject({ status: 'failed', error: { code: 'upstream_filtered' } })
      expect(run.error?.message).toContain('alleen actieve dienstverbanden')
      expect(sandbox.requests.some((entry) => entry.path === `/v2/user/filtersettings/${employerId}`)).toBe(true)
      expect(employmentLists()).toEqual([])
    }
    // Without the filter check, the full run would have deleted the leaver (1 employment and its chains: under the guard's 20%).
    expect(snapshotDifferences(await instance.api.snapshot(), snapshot)).toEqual([])
    expect(await instance.api.feed(0)).toEqual(feed)

    const report = await instance.api.call<{ ok: boolean; employers: Array<{ ok: boolean; missing: string[]; error?: { code: string } }> }>(
      'POST', `/api/connections/${connectionId}/check`)
    expect(report.ok).toBe(false)
    expect(report.employers[0]).toMatchObject({ ok: false, error: { code: 'upstream_filtered' } })
    expect(report.employers[0]!.missing).toContain('Filter dienstverbanden: alleen actieve dienstverbanden (moet zijn: alle dienstverbanden)')

    await control('POST', `/employers/${employerNumber}/user-filter`, { filterOnEmployedStatus: 'AllEmployments' })
    expect((await instance.api.sync(connectionId, { mode: 'full' })).status).toBe('succeeded')
    expect((await instance.api.snapshot()).has(`employment/${leaver}`)).toBe(true)
    const clean = await instance.api.call<{ employers: Array<{ ok: boolean; missing: string[] }> }>('POST', `/api/connections/${connectionId}/check`)
    expect(clean.employers[0]!.missing.filter((entry) => entry.startsWith('Filter'))).toEqual([])
  })
})

describe("the employer's own record on an incremental run", () => {
  it('a new company name arrives as employer.updated although no version number moved', async () => {
    const after = (await instance.api.feed(0)).at(-1)?.sequence ?? 0
    const versions = sandbox.data.versionCounter.current
    sandbox.renameEmployer(employerId, 'Nieuwe Naam Bakkerij B.V.')
    expect(sandbox.data.versionCounter.current).toBe(versions)
    const run = await instance.api.sync(connectionId, { mode: 'incremental' })
    expect(run).toMatchObject({ status: 'succeeded', mode: 'incremental' })
    const feed = await instance.api.feed(after)
    expect(feed.map((m) => `${m.operation} ${m.entity}`)).toEqual(['updated employer'])
    expect(feed[0]!.changes.map((change) => change.path)).toContain('name')
  })
})

describe('a 404 on a record a listing just named: vanished, kept, nothing deleted', () => {
  const employees = () => [...sandbox.data.employees.values()].filter((entry) => entry.employerId === employerId)
  const active = () => [...sandbox.data.employments.values()].filter((entry) => entry.employerId === employerId && entry.employment.endDate === null)

  it('a 404 on an employee BSN in a full run: the employee is counted vanished and its stored version kept', async () => {
    const employee = employees()[2]!.employee
    const before = await instance.api.snapshot()
    sandbox.changeAddress(employee.id, { street: 'Verdwenenstraat' })
    sandbox.faults.add({ kind: 'status', status: 404, path: `/employees/${employee.id}/citizenservicenumber` })
    const run = await instance.api.sync(connectionId, { mode: 'full' })
    expect(run).toMatchObject({ status: 'succeeded' })
    expect(run.counts.employee).toMatchObject({ vanished: 1, deleted: 0, updated: 0 })
    expect(snapshotDifferences(await instance.api.snapshot(), before)).toEqual([])
    // The next run reads it again.
    expect((await instance.api.sync(connectionId, { mode: 'full' })).counts.employee).toMatchObject({ vanished: 0, updated: 1 })
  })

  it("a 404 on an employment's chain in a full run: the employment and its wages and working hours are kept", async () => {
    const job = active()[1]!
    const id = job.employment.id
    const before = await instance.api.snapshot()
    const kept = [...before.keys()].filter((key) => key === `employment/${id}` || before.get(key)?.employmentId === id)
    expect(kept.length).toBeGreaterThanOrEqual(3)
    sandbox.faults.add({ kind: 'status', status: 404, path: `/employments/${id}/workinghours` })
    const run = await instance.api.sync(connectionId, { mode: 'full' })
    expect(run).toMatchObject({ status: 'succeeded' })
    expect(run.counts.employment).toMatchObject({ vanished: 1, deleted: 0 })
    expect(run.counts.wage).toMatchObject({ deleted: 0 })
    expect(run.counts.working_hours).toMatchObject({ deleted: 0 })
    expect(snapshotDifferences(await instance.api.snapshot(), before)).toEqual([])
  })

  it('a 404 on an employee or an employment detail in an incremental run: skipped and counted vanished', async () => {
    const [first, second] = active()
    sandbox.raiseSalary(first!.employment.id, { percent: 2 })
    sandbox.raiseSalary(second!.employment.id, { percent: 2 })
    const before = await instance.api.snapshot()
    sandbox.faults.add({ kind: 'status', status: 404, path: new RegExp(`/employments/${first!.employment.id}$`) })
    sandbox.faults.add({ kind: 'status', status: 404, path: new RegExp(`/employees/${second!.employeeId}$`) })
    const run = await instance.api.sync(connectionId, { mode: 'incremental' })
    expect(run).toMatchObject({ status: 'succeeded', mode: 'incremental' })
    expect(run.counts.employment).toMatchObject({ vanished: 1, deleted: 0 })
    expect(run.counts.employee).toMatchObject({ vanished: 1, deleted: 0 })
    const after = await instance.api.snapshot()
    expect(after.get(`employment/${first!.employment.id}`)).toEqual(before.get(`employment/${first!.employment.id}`))
    expect(after.get(`employee/${second!.employeeId}`)).toEqual(before.get(`employee/${second!.employeeId}`))
  })

  it('a 404 on a listing or on the employer fails the employer with upstream_not_found and commits nothing', async () => {
    for (const path of [
      new RegExp(`/employers/${employerId}/employees$`),
      new RegExp(`/employers/${employerId}/employees/employments$`),
      new RegExp(`/employers/${employerId}/payrolladministrations$`),
      new RegExp(`/employers/${employerId}$`),
    ]) {
      const snapshot = await instance.api.snapshot()
      sandbox.faults.add({ kind: 'status', status: 404, path, times: Infinity })
      const run = await instance.api.sync(connectionId, { mode: 'full' })
      sandbox.faults.clear()
      expect(run, path.source).toMatchObject({ status: 'failed', error: { code: 'upstream_not_found' } })
      expect(run.employers).toEqual([expect.objectContaining({ status: 'failed', error: expect.objectContaining({ code: 'upstream_not_found' }) })])
      expect(snapshotDifferences(await instance.api.snapshot(), snapshot)).toEqual([])
    }
  })

  it('the run object in the API shows the vanished count of every entity', async () => {
    const run = await instance.api.sync(connectionId, { mode: 'full' })
    for (const counts of Object.values(run.counts)) expect(counts).toHaveProperty('vanished', 0)
  })
})

describe('an upstream resource announcing its retirement', () => {
  const noticeLines = () => instance.logLines.map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.msg === 'upstream resource announces its retirement or warns')
  const series = async (): Promise<Map<string, number>> => {
    const text = await (await fetch(`${instance.url}/metrics`)).text()
    const found = new Map<string, number>()
    for (const match of text.matchAll(/^koppel_upstream_deprecations_total\{(.*)\} (\d+)$/gm)) found.set(match[1]!, Number(match[2]))
    return found
  }

  it('is logged once per resource and process and counted per answer in koppel_upstream_deprecations_total', async () => {
    const announced = await control('POST', '/notices', { path: '/wages', obsoleteDate: '2027-03-01', message: { code: 901, description: 'Werknemer Jan Jansen: versie vervalt' } })
    expect(announced.status).toBe(201)
    expect((await control('POST', '/notices', { path: '/wages' })).status).toBe(400)
    sandbox.requests.length = 0
    expect((await instance.api.sync(connectionId, { mode: 'full' })).status).toBe('succeeded')
    const wageReads = sandbox.requests.filter((entry) => entry.path.endsWith('/wages')).length
    expect(wageReads).toBeGreaterThan(1)
    const label = 'connector="loket",resource="/v2/providers/employers/employees/employments/{id}/wages"'
    expect((await series()).get(label)).toBe(wageReads)
    expect(noticeLines()).toEqual([expect.objectContaining({
      connector: 'loket', resource: '/v2/providers/employers/employees/employments/{id}/wages', obsoleteDate: '2027-03-01',
      messages: [{ code: 901, type: 'Warning' }],
    })])
    // The message text may name people: it never reaches a log line.
    expect(instance.logLines.some((line) => line.includes('Jan Jansen'))).toBe(false)

    expect((await instance.api.sync(connectionId, { mode: 'full' })).status).toBe('succeeded')
    expect((await series()).get(label)).toBe(wageReads * 2)
    expect(noticeLines()).toHaveLength(1)
    expect((await control('DELETE', '/notices')).json).toEqual({ cleared: 1 })
  })
})
