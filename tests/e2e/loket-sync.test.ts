import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StartedLoketSandbox } from '../../connectors/loket/sandbox/index.js'
import type { MutationData } from '../../core/model/index.js'
import { snapshotDifferences, type Snapshot } from './e2e-api.js'
import { connectionId, referenceSnapshot, startGateway, startSandbox, type GatewayInstance } from './loket-harness.js'

let sandbox: StartedLoketSandbox
let instance: GatewayInstance
let employer0: { id: string; number: string }
let employer1: { id: string; number: string }

type Rec = Record<string, unknown>

beforeAll(async () => {
  sandbox = await startSandbox({ employers: 2, employeesPerEmployer: 12, autoApprove: true })
  const [first, second] = [...sandbox.data.employers.values()].map((entry) => ({ id: entry.employer.id, number: String(entry.employer.employerNumber) }))
  employer0 = first!
  employer1 = second!
  instance = await startGateway(sandbox, { settings: { page_size: 5 }, receiver: true })
  // With autoApprove the authorize URL redirects straight to the gateway's callback.
  const { authorizeUrl } = await instance.api.call<{ authorizeUrl: string }>('POST', `/api/connections/${connectionId}/authorize`)
  const page = await (await fetch(authorizeUrl)).text()
  expect(page).toContain('Authorization of the Loket.nl connection succeeded')
})
afterAll(async () => {
  await instance?.close()
  await sandbox?.close()
})

const records = (snapshot: Snapshot, entity: string): Rec[] => [...snapshot].filter(([key]) => key.startsWith(`${entity}/`)).map(([, record]) => record)

describe('a Loket sync through the gateway', () => {
  let baseline: Snapshot

  it('stores the canonical records of both employers (named by number) and pages through lists', async () => {
    sandbox.requests.length = 0
    const run = await instance.api.sync(connectionId)
    expect(run.status).toBe('succeeded')
    expect(run.employers.map((e) => [e.employer, e.employerId, e.status])).toEqual([
      [employer0.number, employer0.id, 'succeeded'], [employer1.number, employer1.id, 'succeeded'],
    ])
    // 12 employees at page_size 5: three pages of each employer's employee list.
    const employeePages = sandbox.requests.filter((entry) => entry.path === `/v2/providers/employers/${employer0.id}/employees`)
    expect(employeePages.map((entry) => [entry.query.pageNumber, entry.query.pageSize])).toEqual([['1', '5'], ['2', '5'], ['3', '5']])
    baseline = await instance.api.snapshot()
    const reference = await referenceSnapshot(sandbox, { settings: { page_size: 5 } })
    expect(snapshotDifferences(baseline, reference)).toEqual([])
    expect(records(baseline, 'employee')).toHaveLength([...sandbox.data.employees.values()].length)
    for (const record of baseline.values()) expect([employer0.id, employer1.id]).toContain(record.employerId)
    expect(records(baseline, 'employer')).toEqual(expect.arrayContaining([expect.objectContaining({ id: employer0.id, number: employer0.number })]))
    // The loonheffingennummer comes from the payroll administration (12 characters: 9 digits, L, 2 digits).
    for (const employer of records(baseline, 'employer')) expect((employer as { payrollTaxNumber: string | null }).payrollTaxNumber).toMatch(/^\d{9}L\d{2}$/)

    expect(await instance.api.feed(0)).toEqual([])
    await instance.receiver!.waitFor(2)
    expect(instance.receiver!.received.map((r) => r.type).sort()).toEqual(['sync.baseline', 'sync.succeeded'])
  })

  it('maps the hand-checkable fixture employees to the canonical model', async () => {
    const all = await instance.api.call<{ items: Rec[] }>('GET', `/api/records/employee?employer=${employer0.id}&limit=1000`)
    const byFirstName = (name: string) => all.items.find((e) => (e.name as Rec).firstName === name)!
    const employmentsOf = (employee: Rec) => records(baseline, 'employment').filter((e) => e.employeeId === employee.id)
    const childrenOf = (entity: string, employment: Rec) => records(baseline, entity).filter((r) => r.employmentId === employment.id)

    const susan = byFirstName('Susan')
    expect(susan).toMatchObject({
      employerId: employer0.id, bsn: '012345672',
      name: { initials: 'S.L.', prefix: 'van', lastName: 'Bergen', partnerPrefix: 'van de', partnerLastName: 'Wiel', nameUsage: 'partner_own', formatted: 'Wiel - van Bergen S.L. van de' },
      address: { street: 'Voordijk', houseNumber: '12', houseNumberAddition: 'D', postalCode: '2311 AB', city: 'Leiden', countryCode: 'NL' },
      gender: 'female', dateOfBirth: '1995-05-21',
    })
    const [susansJob] = employmentsOf(susan)
    expect(childrenOf('working_hours', susansJob!)).toEqual([expect.objectContaining({ hoursPerWeek: 24, fullTimeHoursPerWeek: 40, partTimeFactor: 0.6 })])
    expect(childrenOf('wage', susansJob!)).toEqual([expect.objectContaining({ grossAmountCents: 1875, currency: 'EUR', period: 'hour', startDate: '2018-01-01', endDate: null })])

    const jan = byFirstName('Jan')
    expect(jan.bsn).toBe('123456782')
    const [ended, current] = employmentsOf(jan).sort((a, b) => String(a.startDate).localeCompare(String(b.startDate)))
    expect(ended).toMatchObject({ startDate: '2015-03-01', endDate: '2019-12-31', endReason: expect.objectContaining({ label: 'Einde tijdelijk contract' }), contractType: 'fixed_term' })
    expect(childrenOf('wage', current!).map((w) => [w.grossAmountCents, w.period]).sort()).toEqual([[320000, 'month'], [340000, 'month'], [350200, 'month']])

    expect(byFirstName('Emma')).toMatchObject({ address: { postalCode: '2000', city: 'Antwerpen', countryCode: 'BE' } })
    expect(employmentsOf(byFirstName('Emma'))).toEqual([expect.objectContaining({ contractType: 'on_call' })])
    expect(employmentsOf(byFirstName('Pieter'))).toEqual([expect.objectContaining({ endDate: '2024-06-30', endReason: expect.objectContaining({ label: 'Ontslag op eigen verzoek' }) })])
    expect(byFirstName('Fleur')).toMatchObject({ bsn: null, address: { postalCode: '1012 AB' } })
  })

  it('turns changes in Loket into exactly the right mutations, in the feed and at a verifying receiver', async () => {
    const after = (await instance.api.feed(0)).at(-1)?.sequence ?? 0
    const employees0 = [...sandbox.data.employees.values()].filter((e) => e.employerId === employer0.id)
    const susan = employees0.find((e) => e.employee.personalDetails.firstName === 'Susan')!
    const susansJob = [...sandbox.data.employments.values()].find((e) => e.employeeId === susan.employee.id)!
    const moved = employees0.find((e) => e.employee.personalDetails.firstName === 'Fleur')!
    const endedJob = [...sandbox.data.employments.values()].find((e) => e.employerId === employer1.id && e.employment.endDate === null)!
    const removed = [...sandbox.data.employees.values()].find((e) => e.employerId === employer1.id && e.employee.id !== endedJob.employeeId)!
    const removedJobs = [...sandbox.data.employments.values()].filter((e) => e.employeeId === removed.employee.id).map((e) => e.employment.id)

    sandbox.changeAddress(moved.employee.id, { street: 'Breestraat', houseNumber: 117, postalCode: '2311 CS', city: 'Leiden' })
    sandbox.raiseSalary(susansJob.employment.id, { percent: 4 })
    const hired = sandbox.hire(employer0.id)
    sandbox.terminate(endedJob.employment.id, '2030-01-31', 'Ontslag op eigen verzoek')
    sandbox.removeEmployee(removed.employee.id)

    const run = await instance.api.sync(connectionId)
    expect(run.status).toBe('succeeded')
    const expected = await referenceSnapshot(sandbox, { settings: { page_size: 5 } })
    const now = await instance.api.snapshot()
    expect(snapshotDifferences(now, expected)).toEqual([])

    // The feed holds exactly the differences between the two snapshots.
    const feed = await instance.api.feed(after)
    const describe = (m: MutationData) => `${m.operation} ${m.entity}/${m.recordId}`
    const changed = snapshotDifferences(baseline, now).map((key) => `${!baseline.has(key) ? 'created' : !now.has(key) ? 'deleted' : 'updated'} ${key}`)
    expect(feed.map(describe).sort()).toEqual(changed.sort())

    // And only records of what was touched changed.
    const owners = new Set([moved.employee.id, removed.employee.id, hired.employeeId, susansJob.employment.id, endedJob.employment.id, hired.employmentId, ...removedJobs])
    for (const m of feed) {
      const record = (m.record ?? m.previous)!
      const owner = m.entity === 'employee' || m.entity === 'employment' ? m.recordId
        : m.entity === 'partner' || m.entity === 'child' ? String(record.employeeId) : String(record.employmentId)
      expect(owners.has(owner) || (m.entity === 'employment' && owners.has(String(record.employeeId))), describe(m)).toBe(true)
    }
    const find = (operation: string, entity: string, recordId: string) => feed.find((m) => m.operation === operation && m.entity === entity && m.recordId === recordId)
    expect(find('updated', 'employee', moved.employee.id)?.changes).toEqual(expect.arrayContaining([
      { path: 'address.street', before: 'Damrak', after: 'Breestraat' }, { path: 'address.postalCode', before: '1012 AB', after: '2311 CS' },
    ]))
    expect(feed.filter((m) => m.entity === 'wage' && m.operation === 'created' && m.record?.employmentId === susansJob.employment.id))
      .toEqual([expect.objectContaining({ record: expect.objectContaining({ grossAmountCents: 1950, period: 'hour' }) })])
    expect(find('created', 'employee', hired.employeeId)).toBeDefined()
    expect(find('created', 'employment', hired.employmentId)).toBeDefined()
    expect(find('updated', 'employment', endedJob.employment.id)?.changes).toEqual(expect.arrayContaining([{ path: 'endDate', before: null, after: '2030-01-31' }]))
    expect(find('deleted', 'employee', removed.employee.id)).toMatchObject({ record: null, previous: expect.objectContaining({ id: removed.employee.id }) })
    for (const id of removedJobs) expect(find('deleted', 'employment', id)).toBeDefined()

    // Every mutation reaches the receiver once, verified, with the feed's body.
    const receiver = instance.receiver!
    const deadline = Date.now() + 10_000
    while (!feed.every((m) => receiver.received.some((r) => r.id === m.id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    const deliveredMutations = receiver.received.filter((r) => !r.type.startsWith('sync.') && !r.type.startsWith('connection.'))
    expect(deliveredMutations.map((r) => r.id).sort()).toEqual(feed.map((m) => m.id).sort())
    for (const r of deliveredMutations) {
      const m = feed.find((candidate) => candidate.id === r.id)!
      expect(r.verified).toBe(true)
      expect(r.type).toBe(`${m.entity}.${m.operation}`)
      expect(r.json.data).toEqual(m)
    }

    // Nothing personal reached a log line on the way.
    const logs = instance.logLines.join('')
    for (const entry of sandbox.data.employees.values()) {
      if (entry.bsn) expect(logs).not.toContain(entry.bsn)
      expect(logs).not.toContain(entry.employee.personalDetails.formattedName)
    }
  })

  it('fails an unknown employer number by name while a valid employer (a GUID, spelled in capitals) still commits', async () => {
    const other = await startGateway(sandbox, { employers: ['99999', employer0.id.toUpperCase()], connectionId: 'partial-loket', inMemory: true })
    try {
      await other.enterTokens()
      const run = await other.api.sync('partial-loket')
      expect(run.status).toBe('failed')
      expect(run.error?.code).toBe('employer_not_found')
      expect(run.employers[0]).toMatchObject({ employer: '99999', employerId: null, status: 'failed', error: { code: 'employer_not_found', message: expect.stringContaining('99999') } })
      expect(run.employers[1]).toMatchObject({ employer: employer0.id.toUpperCase(), employerId: employer0.id, status: 'succeeded' })
      const stored = await other.api.snapshot()
      expect(records(stored, 'employee').length).toBeGreaterThan(5)
      expect([...stored.values()].every((record) => record.employerId === employer0.id)).toBe(true)
      expect(await other.api.connection('partial-loket')).toMatchObject({ status: 'failing' })
    } finally {
      await other.close()
    }
  })
})
