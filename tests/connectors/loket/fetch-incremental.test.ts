import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import loket from '../../../connectors/loket/index.js'
import { startLoketSandbox, type StartedLoketSandbox } from '../../../connectors/loket/sandbox/index.js'
import type { LoketPage } from '../../../connectors/loket/raw-items.js'
import { collectPages, fetchContext, firstEmployerId, normalizeAll } from './loket-test-context.js'

let sandbox: StartedLoketSandbox
let employerId: string

beforeAll(async () => {
  sandbox = await startLoketSandbox({ seed: 11, employers: 2, employeesPerEmployer: 15 })
  employerId = firstEmployerId(sandbox)
})
afterAll(() => sandbox.close())

const cursorOf = (pages: LoketPage[]): string => {
  const last = pages.at(-1)
  if (last?.type !== 'cursor' || last.cursor === undefined) throw new Error('the last page carries no cursor')
  return last.cursor
}
const detailPaths = (kind: 'employments' | 'employees') => {
  const pattern = kind === 'employments'
    ? /^\/v2\/providers\/employers\/employees\/employments\/([0-9a-f-]{36})$/
    : /^\/v2\/providers\/employers\/employees\/([0-9a-f-]{36})$/
  return sandbox.requests.flatMap((entry) => pattern.exec(entry.path)?.[1] ?? []).sort()
}
const employmentsOfEmployer = () => [...sandbox.data.employments.values()].filter((entry) => entry.employerId === employerId)

async function incremental(cursor: string): Promise<{ pages: LoketPage[]; cursor: string }> {
  sandbox.requests.length = 0
  const pages = await collectPages(loket.fetch(fetchContext(sandbox, employerId, { mode: 'incremental', cursor })))
  return { pages, cursor: cursorOf(pages) }
}

describe('loket fetch (incremental) against the sandbox', () => {
  it('fetches nothing but version numbers, the user filter and the employer record when nothing changed', async () => {
    const full = cursorOf(await collectPages(loket.fetch(fetchContext(sandbox, employerId))))
    const run = await incremental(full)
    // The employer is read on every run: its version number does not follow its own record (issue 13, item 5).
    expect(run.pages.map((page) => page.type)).toEqual(['employer', 'cursor'])
    expect(run.pages.at(-1)).toEqual({ type: 'cursor', items: [], cursor: full })
    // Besides the version numbers: the employer with its payroll administrations (read once, also
    // listing the payroll runs since the cursor: none), and the user's employment filter.
    const others = sandbox.requests.filter((entry) => !entry.path.endsWith('/lastmodifiedversionnumbers')).map((entry) => entry.path).sort()
    expect(others).toEqual([
      `/v2/providers/employers/${employerId}`,
      `/v2/providers/employers/${employerId}/payrolladministrations`,
      ...others.filter((path) => path.endsWith('/payrollruns')),
      `/v2/user/filtersettings/${employerId}`,
    ].sort())
    expect(others.filter((path) => path.endsWith('/payrollruns')).length).toBeGreaterThan(0)
  })

  it('refetches only the changed employments, their employees and chains, and advances the cursor', async () => {
    const before = cursorOf(await collectPages(loket.fetch(fetchContext(sandbox, employerId))))
    const [moved, raised] = employmentsOfEmployer().filter((entry) => entry.employment.endDate === null)
    if (!moved || !raised) throw new Error('the sandbox needs two running employments')
    sandbox.changeAddress(moved.employeeId, { street: 'Nieuwe Gracht', postalCode: '3512lk' })
    sandbox.raiseSalary(raised.employment.id, { percent: 10 })

    const run = await incremental(before)
    expect(detailPaths('employments')).toEqual([moved.employment.id, raised.employment.id].sort())
    expect(detailPaths('employees')).toEqual([...new Set([moved.employeeId, raised.employeeId])].sort())
    const chainRequests = sandbox.requests.filter((entry) => /\/(wages|workinghours|organizationalentities)$/.test(entry.path))
    expect(chainRequests).toHaveLength(2 * 3)
    expect(sandbox.requests.some((entry) => entry.path === `/v2/providers/employers/${employerId}/employees`)).toBe(false)

    const { of } = normalizeAll(run.pages, fetchContext(sandbox, employerId))
    expect(of('employee').find((record) => record.id === moved.employeeId)).toMatchObject({ address: { street: 'Nieuwe Gracht', postalCode: '3512 LK' } })
    const newestWage = raised.wages.at(-1)
    expect(of('wage').find((record) => record.id === newestWage?.id)).toMatchObject({ grossAmountCents: Math.round((newestWage?.grossWage ?? 0) * 100) })

    const previous = JSON.parse(before) as { employments: number }
    const next = JSON.parse(run.cursor) as { employments: number }
    expect(next.employments).toBeGreaterThan(previous.employments)
    expect(next.employments).toBe(Math.max(...employmentsOfEmployer().map((entry) => entry.lastModifiedVersionNumber)))

    // The same cursor again finds nothing new (the employer record is read every time).
    const again = await incremental(run.cursor)
    expect(again.pages.map((page) => page.type)).toEqual(['employer', 'cursor'])
  })

  it('picks up a new hire and refetches the employer when it changed', async () => {
    const before = cursorOf(await collectPages(loket.fetch(fetchContext(sandbox, employerId))))
    const hired = sandbox.hire(employerId, { firstName: 'Lotte', lastName: 'Visser' })
    const run = await incremental(before)
    const { of } = normalizeAll(run.pages, fetchContext(sandbox, employerId))
    expect(of('employee').map((record) => record.id)).toEqual([hired.employeeId])
    expect(of('employment').map((record) => record.id)).toEqual([hired.employmentId])
    expect(of('employer')).toHaveLength(1)
  })

  it('runs in full when the cursor is not one of ours', async () => {
    sandbox.requests.length = 0
    const pages = await collectPages(loket.fetch(fetchContext(sandbox, employerId, { mode: 'incremental', cursor: 'garbage' })))
    const { of } = normalizeAll(pages, fetchContext(sandbox, employerId))
    expect(of('employee')).toHaveLength([...sandbox.data.employees.values()].filter((entry) => entry.employerId === employerId).length)
    expect(JSON.parse(cursorOf(pages))).toMatchObject({ v: 1 })
  })
})
