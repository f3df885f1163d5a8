import { describe, expect, it } from 'vitest'
import { authorizedSandbox, firstEmployerId } from './sandbox-test-helpers.js'
import type { LoketRightName } from '../../../../connectors/loket/sandbox/index.js'

describe('sandbox API envelopes, paging, filter and orderBy', () => {
  const { sandbox, get } = authorizedSandbox({ seed: 5, employers: 3, employeesPerEmployer: 23, maxPageSize: 10 })
  const employerId = firstEmployerId(sandbox)

  it('pages 1-based with totals and an empty page past the end', async () => {
    const seen: string[] = []
    for (let page = 1; page <= 3; page++) {
      const { body } = await get(`/providers/employers/${employerId}/employees?pageSize=10&pageNumber=${page}`)
      expect(body).toMatchObject({ currentPage: page, pageSize: 10, totalPages: 3, totalSize: 23, messages: [] })
      seen.push(...body._embedded.map((item: { id: string }) => item.id))
    }
    expect(new Set(seen).size).toBe(23)
    const past = await get(`/providers/employers/${employerId}/employees?pageSize=10&pageNumber=4`)
    expect(past.body._embedded).toEqual([])
  })

  it('defaults pageSize to 250 and clamps to maxPageSize', async () => {
    const { body } = await get(`/providers/employers/${employerId}/employees`)
    expect(body.pageSize).toBe(10)
    const small = authorizedSandbox({ employeesPerEmployer: 3 })
    expect((await small.get(`/providers/employers/${firstEmployerId(small.sandbox)}/employees`)).body.pageSize).toBe(250)
  })

  it('rejects a non-numeric page with 400 BrokenBusinessRule', async () => {
    const { status, body } = await get('/providers/employers?pageNumber=x')
    expect(status).toBe(400)
    expect(body.messages[0].type).toBe('BrokenBusinessRule')
  })

  it('resolves an employer number with filter=employerNumber eq N', async () => {
    const target = [...sandbox.data.employers.values()][1]!.employer
    const { body } = await get(`/providers/employers?filter=${encodeURIComponent(`employerNumber eq ${target.employerNumber}`)}`)
    expect(body.totalSize).toBe(1)
    expect(body._embedded[0].id).toBe(target.id)
  })

  it('filters with and/or, strings, null and nested fields, case-insensitively', async () => {
    const filter = encodeURIComponent("EMPLOYEENUMBER ge 3 and employeeNumber le 5 or personalDetails.firstName eq 'susan'")
    const { body } = await get(`/providers/employers/${employerId}/employees?filter=${filter}`)
    expect(body._embedded.map((item: { employeeNumber: number }) => item.employeeNumber).sort()).toEqual([1, 3, 4, 5])
    const ended = await get(`/providers/employers/${employerId}/employees/employments?filter=${encodeURIComponent('enddate ne null')}&pageSize=10`)
    expect(ended.body.totalSize).toBeGreaterThan(0)
    for (const item of ended.body._embedded) expect(item.endDate).not.toBeNull()
  })

  it('orders by -lastModifiedVersionNumber and filters gt', async () => {
    const path = `/providers/employers/${employerId}/employees/employments/lastmodifiedversionnumbers`
    const { body } = await get(`${path}?orderBy=-lastModifiedVersionNumber&pageSize=10`)
    const numbers = body._embedded.map((item: { lastModifiedVersionNumber: number }) => item.lastModifiedVersionNumber)
    expect(numbers).toEqual([...numbers].sort((a: number, b: number) => b - a))
    const max = numbers[0]
    const second = numbers[1]
    const after = await get(`${path}?filter=${encodeURIComponent(`lastModifiedVersionNumber gt ${second}`)}`)
    expect(after.body._embedded).toEqual([body._embedded[0]])
    expect(max).toBeGreaterThan(70429274999853)
  })

  it('answers 400 for an unknown filter field or bad syntax', async () => {
    expect((await get(`/providers/employers?filter=${encodeURIComponent('nope eq 1')}`)).status).toBe(400)
    expect((await get(`/providers/employers?filter=${encodeURIComponent("companyName eq 'open")}`)).status).toBe(400)
  })

  it('echoes the negotiated resource version', async () => {
    const id = [...sandbox.data.employees.keys()][0]!
    const old = await get(`/providers/employers/employees/${id}`, 'application/json;version=2018-12-31')
    expect(old.body.version).toEqual({ obsoleteDate: '2021-09-29', resourceVersion: '2018-12-31' })
    expect(old.body.content.contactInformation).not.toHaveProperty('businessEmailAddress')
    const newest = await get(`/providers/employers/employees/${id}`)
    expect(newest.body.version).toEqual({ obsoleteDate: null, resourceVersion: '2021-03-29' })
    expect(newest.body.content.contactInformation).toHaveProperty('businessEmailAddress')
    const employments = await get(`/providers/employers/${employerId}/employees/employments`, 'application/json;version=2022-01-01')
    expect(employments.body.version.resourceVersion).toBe('2019-12-16')
  })

  it('answers 404 with a NotFound message for unknown ids', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000'
    for (const path of [`/providers/employers/${unknown}`, `/providers/employers/employees/${unknown}`,
      `/providers/employers/employees/employments/${unknown}/wages`, `/providers/employers/${unknown}/employees`]) {
      const { status, body } = await get(path)
      expect(status, path).toBe(404)
      expect(body.messages[0].type).toBe('NotFound')
    }
  })

  it('serves the BSN only through /citizenservicenumber', async () => {
    const entry = [...sandbox.data.employees.values()][0]!
    const { body } = await get(`/providers/employers/employees/${entry.employee.id}/citizenservicenumber`)
    expect(body.content).toEqual({ citizenServiceNumber: entry.bsn })
    expect(JSON.stringify((await get(`/providers/employers/employees/${entry.employee.id}`)).body)).not.toContain(entry.bsn)
  })
})

describe('rights switches', () => {
  const { sandbox, get } = authorizedSandbox({ employeesPerEmployer: 2 })
  const employerId = firstEmployerId(sandbox)
  const employee = [...sandbox.data.employees.values()][0]!.employee.id
  const employment = [...sandbox.data.employments.values()][0]!.employment.id
  const cases: [LoketRightName, string[]][] = [
    ['Beheren en raadplegen BSN', [`/providers/employers/employees/${employee}/citizenservicenumber`]],
    ['Raadplegen beloningen', [`/providers/employers/employees/employments/${employment}/wages`]],
    ['Raadplegen dienstverbanden', [`/providers/employers/${employerId}/employees/employments`,
      `/providers/employers/employees/employments/${employment}`,
      `/providers/employers/employees/employments/${employment}/workinghours`,
      `/providers/employers/employees/employments/${employment}/organizationalentities`]],
    ['Raadplegen HRM', [`/providers/employers/${employerId}/employees`, `/providers/employers/employees/${employee}`]],
    ['Raadplegen loonoutput beperkt', [`/providers/employers/employees/employments/${employment}/payrollperiodresults/year/2025`]],
    ['Raadplegen variabele gegevens', [`/providers/employers/employees/employments/${employment}/payrollperioddata`]],
  ]

  it.each(cases)('withholding "%s" makes its endpoints answer 403 and only those', async (right, paths) => {
    sandbox.setRight(right, false)
    for (const path of paths) {
      const { status, body } = await get(path)
      expect(status, path).toBe(403)
      expect(body.message).toBe('Insufficient rights for this request, reason "User doesn\'t have rechten to perform activity for the given Id."')
    }
    const others = cases.filter(([name]) => name !== right).flatMap(([, list]) => list)
    for (const path of others) expect((await get(path)).status, path).toBe(200)
    const activities = (await get(`/providers/employers/${employerId}/authorizations`)).body._embedded.map((item: { description: string }) => item.description)
    expect(activities).toContain('GetEmployersByUserId')
    sandbox.setRight(right, true)
    for (const path of paths) expect((await get(path)).status, path).toBe(200)
  })

  it('lists the withheld activity as missing in /authorizations', async () => {
    sandbox.setRight('Beheren en raadplegen BSN', false)
    const { body } = await get(`/providers/employers/${employerId}/authorizations`)
    const activities = body._embedded.map((item: { description: string }) => item.description)
    expect(activities).not.toContain('GetCitizenServiceNumberByEmployeeId')
    expect(activities).toContain('GetWagesByEmploymentId')
    sandbox.setRight('Beheren en raadplegen BSN', true)
  })
})
