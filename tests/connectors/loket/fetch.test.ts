import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import loket from '../../../connectors/loket/index.js'
import { startLoketSandbox, type StartedLoketSandbox } from '../../../connectors/loket/sandbox/index.js'
import { entitySchemas, type Employee } from '../../../core/model/index.js'
import { createSimpleHttpClient } from '../../helpers/simple-http-client.js'
import { collectPages, fetchContext, firstEmployerId, normalizeAll } from './loket-test-context.js'

let sandbox: StartedLoketSandbox
let employerId: string

beforeAll(async () => {
  sandbox = await startLoketSandbox({ seed: 3, employers: 2, employeesPerEmployer: 12 })
  employerId = firstEmployerId(sandbox)
})
afterAll(() => sandbox.close())

describe('loket fetch (full) against the sandbox', () => {
  it('yields every employee, employment, wage and working-hours record of the employer, valid and ending with a cursor', async () => {
    sandbox.requests.length = 0
    const ctx = fetchContext(sandbox, employerId, { settings: { page_size: 5 } })
    const pages = await collectPages(loket.fetch(ctx))
    const { records, of } = normalizeAll(pages, ctx)

    const employees = [...sandbox.data.employees.values()].filter((entry) => entry.employerId === employerId)
    const employments = [...sandbox.data.employments.values()].filter((entry) => entry.employerId === employerId)
    expect(of('employer')).toHaveLength(1)
    expect(new Set(of('employee').map((record) => record.id))).toEqual(new Set(employees.map((entry) => entry.employee.id)))
    expect(of('employee')).toHaveLength(employees.length)
    expect(new Set(of('employment').map((record) => record.id))).toEqual(new Set(employments.map((entry) => entry.employment.id)))
    expect(of('wage')).toHaveLength(employments.reduce((sum, entry) => sum + entry.wages.length, 0))
    expect(of('working_hours')).toHaveLength(employments.reduce((sum, entry) => sum + entry.workingHours.length, 0))
    for (const { entity, record } of records) {
      expect(entitySchemas[entity].safeParse(record).error?.issues ?? [], `${entity} ${record.id}`).toEqual([])
      expect(record.employerId).toBe(employerId)
    }

    // 12 employees at page size 5 means three pages of the employee list.
    const employeeListPages = sandbox.requests.filter((entry) => entry.path === `/v2/providers/employers/${employerId}/employees`)
    expect(employeeListPages.map((entry) => entry.query.pageNumber)).toEqual(['1', '2', '3'])
    expect(employeeListPages.every((entry) => entry.query.pageSize === '5')).toBe(true)
    expect(sandbox.requests.filter((entry) => entry.path.endsWith('/citizenservicenumber'))).toHaveLength(employees.length)

    // The payroll administrations are read once, for the employer record and the payroll results alike.
    expect(sandbox.requests.filter((entry) => entry.path === `/v2/providers/employers/${employerId}/payrolladministrations`)).toHaveLength(1)
    expect(of('payroll_result').length).toBeGreaterThan(0)
    expect(of('employer')[0]).toMatchObject({ payrollTaxNumber: expect.any(String) })

    const last = pages.at(-1)
    expect(last).toMatchObject({ type: 'cursor', items: [] })
    expect(JSON.parse(last?.cursor ?? '')).toEqual({
      v: 1,
      employer: Math.max(...[...sandbox.data.employers.values()].map((entry) => entry.lastModifiedVersionNumber)),
      employments: Math.max(...employments.map((entry) => entry.lastModifiedVersionNumber)),
      payrollRuns: [...sandbox.data.payroll.values()].flatMap((payroll) => payroll.runs.map((run) => run.approvalTime)).sort().at(-1),
    })
  })

  it('maps the hand-checkable employees of the sandbox', async () => {
    const ctx = fetchContext(sandbox, employerId)
    const { of } = normalizeAll(await collectPages(loket.fetch(ctx)), ctx)
    const employees = of('employee') as Employee[]
    const susan = employees.find((employee) => employee.name.firstName === 'Susan')
    expect(susan).toMatchObject({
      bsn: '012345672',
      name: { prefix: 'van', lastName: 'Bergen', partnerPrefix: 'van de', partnerLastName: 'Wiel', nameUsage: 'partner_own', formatted: 'Wiel - van Bergen S.L. van de' },
      address: { postalCode: '2311 AB', countryCode: 'NL', houseNumber: '12', houseNumberAddition: 'D' },
    })
    const susansHours = of('working_hours').filter((record) => 'employmentId' in record
      && of('employment').some((employment) => employment.id === record.employmentId && 'employeeId' in employment && employment.employeeId === susan?.id))
    expect(susansHours).toEqual([expect.objectContaining({ hoursPerWeek: 24, fullTimeHoursPerWeek: 40, partTimeFactor: 0.6 })])
    expect(employees.find((employee) => employee.name.firstName === 'Emma')).toMatchObject({ address: { postalCode: '2000', countryCode: 'BE' } })
    expect(employees.find((employee) => employee.name.firstName === 'Fleur')).toMatchObject({ bsn: null, address: { postalCode: '1012 AB' } })
  })

  it('fails with bsn_not_authorized when the BSN right is withheld, and fetches no BSN when fetch_bsn is off', async () => {
    sandbox.setRight('Beheren en raadplegen BSN', false)
    try {
      await expect(collectPages(loket.fetch(fetchContext(sandbox, employerId)))).rejects.toMatchObject({
        code: 'bsn_not_authorized', message: expect.stringContaining('Beheren en raadplegen BSN'),
      })
      const ctx = fetchContext(sandbox, employerId, { settings: { fetch_bsn: false } })
      const { of } = normalizeAll(await collectPages(loket.fetch(ctx)), ctx)
      expect(of('employee').length).toBeGreaterThan(0)
      expect(of('employee').every((record) => 'bsn' in record && record.bsn === null)).toBe(true)
    } finally {
      sandbox.setRight('Beheren en raadplegen BSN', true)
    }
  })

  it.each(['Raadplegen beloningen', 'Raadplegen dienstverbanden', 'Raadplegen HRM'] as const)('names the missing right "%s"', async (right) => {
    sandbox.setRight(right, false)
    try {
      await expect(collectPages(loket.fetch(fetchContext(sandbox, employerId)))).rejects.toMatchObject({
        code: 'upstream_forbidden', message: expect.stringContaining(`"${right}"`),
      })
    } finally {
      sandbox.setRight(right, true)
    }
  })

  it('fails with upstream_not_found on a 404 of the payroll administrations list, in full and incremental runs, with or without payroll results', async () => {
    const full = await collectPages(loket.fetch(fetchContext(sandbox, employerId)))
    const cursor = full.at(-1)?.cursor ?? null
    const path = `/v2/providers/employers/${employerId}/payrolladministrations`
    try {
      for (const mode of ['full', 'incremental'] as const) {
        for (const payroll_results of [false, true]) {
          sandbox.faults.clear()
          sandbox.faults.add({ kind: 'status', status: 404, path: new RegExp(`${path}$`), times: Infinity })
          const error = await collectPages(loket.fetch(fetchContext(sandbox, employerId, { mode, cursor, settings: { payroll_results } })))
            .catch((caught: unknown) => caught)
          // A listing that answers 404 is never read as an empty list (DESIGN §4).
          expect(error, `${mode}, payroll_results ${payroll_results}`).toMatchObject({ code: 'upstream_not_found' })
        }
      }
    } finally {
      sandbox.faults.clear()
    }
  })

  it('fails with upstream_bad_response when the list shrinks while paging', async () => {
    const path = `/v2/providers/employers/${employerId}/employees`
    // Page 2's answer claims one page fewer than page 1's did: items may have moved past us.
    const http = createSimpleHttpClient({
      token: sandbox.oauth.issueTokens().accessToken,
      onRequest: (url, options) => {
        if (new URL(url).pathname === path && options.query?.pageNumber === 2) sandbox.faults.add({ kind: 'shrink-total-pages', path })
      },
    })
    try {
      const error = await collectPages(loket.fetch(fetchContext(sandbox, employerId, { settings: { page_size: 5 }, http }))).catch((caught: unknown) => caught)
      expect(error).toMatchObject({ code: 'upstream_bad_response', details: { path, pageNumber: 2 } })
    } finally {
      sandbox.faults.clear()
    }
  })
})
