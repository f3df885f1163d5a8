import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StartedLoketSandbox } from '../../connectors/loket/sandbox/index.js'
import { connectionId, startGateway, startSandbox, type GatewayInstance } from './loket-harness.js'

let sandbox: StartedLoketSandbox
let instance: GatewayInstance
let twice: string

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 5, employeesPerEmployer: 12 })
  // An employee with two employments is listed twice in the employer-wide children list.
  const counts = new Map<string, number>()
  for (const entry of sandbox.data.employments.values()) counts.set(entry.employeeId, (counts.get(entry.employeeId) ?? 0) + 1)
  twice = [...counts].find(([, count]) => count > 1)![0]
  sandbox.addChild(twice)
  instance = await startGateway(sandbox, { settings: { page_size: 5 } })
  await instance.enterTokens()
  expect((await instance.api.sync(connectionId, { mode: 'full' })).status).toBe('succeeded')
})
afterAll(async () => {
  await instance?.close()
  await sandbox?.close()
})

type Page = { items: Array<Record<string, unknown> & { id: string }>; nextCursor: string | null }
const records = async (entity: 'partner' | 'child') => (await instance.api.call<Page>('GET', `/api/records/${entity}?limit=1000`)).items
const byId = async (entity: 'partner' | 'child', id: string) => (await records(entity)).find((record) => record.id === id)

describe('partners and children from Loket, end to end', () => {
  it('a full run stores every partner (past ones too) and every child once, even of an employee with two employments', async () => {
    const employees = [...sandbox.data.employees.values()]
    const partners = employees.flatMap((entry) => entry.partners.map((partner) => partner.id)).sort()
    const children = employees.flatMap((entry) => entry.children.map((child) => child.id)).sort()
    expect(partners.length).toBeGreaterThan(0)
    expect(children.length).toBeGreaterThan(0)
    expect((await records('partner')).map((record) => record.id).sort()).toEqual(partners)
    expect((await records('child')).map((record) => record.id).sort()).toEqual(children)
    expect((await records('child')).filter((record) => record.employeeId === twice)).toHaveLength(sandbox.data.employees.get(twice)!.children.length)
  })

  it('a partner added, then ended, and a child added arrive as mutations of incremental runs and in /api/records', async () => {
    const employee = [...sandbox.data.employees.values()][2]!
    const employeeId = employee.employee.id
    let after = (await instance.api.feed(0)).at(-1)?.sequence ?? 0

    const partnerId = sandbox.addPartner(employeeId, { firstName: 'Ilse', lastName: 'Mulder', dateOfBirth: '1990-04-12', startDate: '2026-01-01' })
    const childId = sandbox.addChild(employeeId, { firstName: 'Tijn', dateOfBirth: '2025-11-30' })
    expect((await instance.api.sync(connectionId, { mode: 'incremental' })).status).toBe('succeeded')
    let feed = await instance.api.feed(after)
    expect(feed.map((m) => `${m.operation} ${m.entity} ${m.recordId}`).sort()).toEqual([`created child ${childId}`, `created partner ${partnerId}`])
    expect(await byId('partner', partnerId)).toMatchObject({
      employeeId, name: { firstName: 'Ilse', lastName: 'Mulder' }, dateOfBirth: '1990-04-12', startDate: '2026-01-01', endDate: null,
    })
    expect(await byId('child', childId)).toMatchObject({ employeeId, name: { firstName: 'Tijn' }, dateOfBirth: '2025-11-30', dateOfDeath: null })

    after = feed.at(-1)!.sequence
    sandbox.endPartner(partnerId, '2026-03-31')
    expect((await instance.api.sync(connectionId, { mode: 'incremental' })).status).toBe('succeeded')
    feed = await instance.api.feed(after)
    expect(feed).toEqual([expect.objectContaining({
      operation: 'updated', entity: 'partner', recordId: partnerId, changes: [{ path: 'endDate', before: null, after: '2026-03-31' }],
    })])

    // The nightly full run keeps the ended partnership: it is history, not a delete.
    after = feed.at(-1)!.sequence
    expect((await instance.api.sync(connectionId, { mode: 'full' })).status).toBe('succeeded')
    expect(await instance.api.feed(after)).toEqual([])
    expect(await byId('partner', partnerId)).toMatchObject({ endDate: '2026-03-31' })
  })

  it('a partner and a child removed in Loket are deleted by the next incremental run, and nothing of other employees', async () => {
    const employees = [...sandbox.data.employees.values()]
    const employee = employees.find((entry) => entry.partners.length > 0 && entry.children.length > 0)
      ?? employees.find((entry) => entry.partners.length > 0)!
    const employeeId = employee.employee.id
    const partnerId = employee.partners[0]!.id
    const childId = employee.children[0]?.id ?? sandbox.addChild(employeeId)
    if (employee.children.length === 0) expect((await instance.api.sync(connectionId, { mode: 'incremental' })).status).toBe('succeeded')
    // An employee whose data changed too, but whose partners and children did not: its lists are re-read and stay.
    const other = employees.find((entry) => entry.employee.id !== employeeId && entry.partners.length > 0)!
    sandbox.changeAddress(other.employee.id)
    const before = { partners: (await records('partner')).length, children: (await records('child')).length }
    const after = (await instance.api.feed(0)).at(-1)?.sequence ?? 0

    const removed = async (path: string) => (await fetch(`${sandbox.url}/_sandbox${path}`, { method: 'DELETE' })).status
    expect(await removed(`/partners/${partnerId}`)).toBe(200)
    expect(await removed(`/children/${childId}`)).toBe(200)
    const run = await instance.api.sync(connectionId, { mode: 'incremental' })
    expect(run.status).toBe('succeeded')
    const feed = await instance.api.feed(after)
    expect(feed.filter((m) => m.entity === 'partner' || m.entity === 'child').map((m) => `${m.operation} ${m.entity} ${m.recordId}`).sort())
      .toEqual([`deleted child ${childId}`, `deleted partner ${partnerId}`])
    expect(await byId('partner', partnerId)).toBeUndefined()
    expect(await byId('child', childId)).toBeUndefined()
    expect((await records('partner')).length).toBe(before.partners - 1)
    expect((await records('child')).length).toBe(before.children - 1)
    expect((await records('partner')).filter((record) => record.employeeId === other.employee.id)).toHaveLength(other.partners.length)

    // The nightly full run agrees: nothing left to delete.
    const last = (await instance.api.feed(0)).at(-1)!.sequence
    expect((await instance.api.sync(connectionId, { mode: 'full' })).status).toBe('succeeded')
    expect(await instance.api.feed(last)).toEqual([])
  })
})
