import { describe, expect, it } from 'vitest'
import { loadSpec, responseSchema, specPath, validate } from './openapi-validator.js'
import { authorizedSandbox, firstEmployerId } from './sandbox-test-helpers.js'

const employerPath = '/providers/employers/{employerId}'
const employeePath = '/providers/employers/employees/{employeeId}'
const employmentPath = '/providers/employers/employees/employments/{employmentId}'

describe.skipIf(!specPath)('sandbox responses conform to the official OpenAPI schemas', () => {
  // Two employers and enough employees to hit every generator branch (foreign, on-call, terminated, partner names).
  const { sandbox, get } = authorizedSandbox({ seed: 11, employers: 2, employeesPerEmployer: 40 })
  const employerId = firstEmployerId(sandbox)
  const employees = [...sandbox.data.employees.values()].filter((entry) => entry.employerId === employerId)
  const employments = [...sandbox.data.employments.values()].filter((entry) => entry.employerId === employerId)

  const check = async (specPathName: string, url: string, version?: string) => {
    const accept = version ? `application/json;version=${version}` : 'application/json'
    const response = await get(url, accept)
    expect(response.status, url).toBe(200)
    const errors = validate(loadSpec(), responseSchema(loadSpec(), specPathName, version), response.body)
    expect(errors, `${url} (${version ?? 'newest'})`).toEqual([])
    return response.body
  }

  it('employers, employer detail and employer version numbers', async () => {
    const list = await check('/providers/employers', '/providers/employers')
    expect(list._embedded).toHaveLength(2)
    await check(employerPath, `/providers/employers/${employerId}`)
    await check('/providers/employers/lastmodifiedversionnumbers', '/providers/employers/lastmodifiedversionnumbers')
    await check(`${employerPath}/authorizations`, `/providers/employers/${employerId}/authorizations`, '2018-01-01')
    await check(`${employerPath}/authorizations`, `/providers/employers/${employerId}/authorizations`, '2019-02-11')
  })

  it('employees (both resource versions), employee detail and BSN', async () => {
    for (const version of ['2018-12-31', '2021-03-29']) {
      const list = await check(`${employerPath}/employees`, `/providers/employers/${employerId}/employees?pageSize=1000`, version)
      expect(list._embedded.length).toBe(employees.length)
    }
    for (const entry of employees) {
      await check(employeePath, `/providers/employers/employees/${entry.employee.id}`, '2021-03-29')
      await check(`${employeePath}/citizenservicenumber`, `/providers/employers/employees/${entry.employee.id}/citizenservicenumber`)
    }
  })

  it('employments, their version numbers and every sub-resource of every employment', async () => {
    const list = await check(`${employerPath}/employees/employments`, `/providers/employers/${employerId}/employees/employments?pageSize=1000`)
    expect(list._embedded.length).toBe(employments.length)
    await check(`${employerPath}/employees/employments/lastmodifiedversionnumbers`,
      `/providers/employers/${employerId}/employees/employments/lastmodifiedversionnumbers`)
    for (const entry of employments) {
      const id = entry.employment.id
      await check(employmentPath, `/providers/employers/employees/employments/${id}`)
      for (const sub of ['wages', 'workinghours', 'organizationalentities', 'payrollperioddata']) {
        await check(`${employmentPath}/${sub}`, `/providers/employers/employees/employments/${id}/${sub}`)
      }
      await check(`${employmentPath}/payrollperiodresults/year/{year}`,
        `/providers/employers/employees/employments/${id}/payrollperiodresults/year/${new Date().getUTCFullYear()}`)
    }
  })

  it('payroll administrations, periods, runs, run results and period results (also after an approval and a removal)', async () => {
    const payroll = [...sandbox.data.payroll.values()].find((entry) => entry.employerId === employerId)!
    const administration = '/providers/employers/payrolladministrations/{payrollAdministrationId}'
    const base = `/providers/employers/payrolladministrations/${payroll.administrationId}`
    const checkAll = async () => {
      await check(`${employerPath}/payrolladministrations`, `/providers/employers/${employerId}/payrolladministrations`, '2018-01-01')
      await check(`${administration}/payrollperiods`, `${base}/payrollperiods`, '2018-01-01')
      const runs = await check(`${administration}/payrollruns`, `${base}/payrollruns?filter=${encodeURIComponent("approvalTime gt '2000-01-01T00:00:00Z'")}`, '2018-01-01')
      expect(runs._embedded.length).toBeGreaterThan(0)
      const live = payroll.runs.filter((run) => run.removeTime === null)
      await check('/providers/employers/payrolladministrations/payrollruns/{payrollrunId}/results',
        `/providers/employers/payrolladministrations/payrollruns/${live.at(-1)!.id}/results`, '2018-01-01')
      const period = payroll.periods.find((entry) => entry.year === live[0]!.year && entry.periodNumber === live[0]!.periodNumber)!
      const results = await check(`${administration}/payrollperiods/{payrollPeriodId}/payrollresults`, `${base}/payrollperiods/${period.id}/payrollresults`, '2018-01-01')
      expect(results._embedded.length).toBeGreaterThan(0)
    }
    await checkAll()
    const approval = sandbox.approvePayrollRun(employerId)
    await checkAll()
    sandbox.removePayrollRun(approval.payrollRunId)
    await checkAll()
  })

  it('partners and children: per employee and employer-wide (keyed by employment)', async () => {
    const partners = await check(`${employerPath}/employees/actualpartners`, `/providers/employers/${employerId}/employees/actualpartners?pageSize=1000`)
    const children = await check(`${employerPath}/employees/children`, `/providers/employers/${employerId}/employees/children?pageSize=1000`)
    expect(partners._embedded.length).toBeGreaterThan(0)
    expect(children._embedded.length).toBeGreaterThan(0)
    let ended = 0
    for (const entry of employees) {
      const history = await check(`${employeePath}/partners`, `/providers/employers/employees/${entry.employee.id}/partners`)
      ended += (history._embedded as Array<{ endDate: string | null }>).filter((partner) => partner.endDate !== null).length
      await check(`${employeePath}/children`, `/providers/employers/employees/${entry.employee.id}/children`)
    }
    // The dataset has past partnerships, which only the per-employee history shows.
    expect(ended).toBeGreaterThan(0)
  })

  it('still conforms after every kind of mutation', async () => {
    sandbox.changeAddress(employees[1]!.employee.id)
    const hired = sandbox.hire(employerId, { grossWage: 19.5, hoursPerWeek: 20 })
    sandbox.raiseSalary(hired.employmentId, { percent: 4 })
    sandbox.terminate(employments[2]!.employment.id, '2026-01-31', 'Ontslag door werkgever')
    sandbox.addPayrollPeriodData(hired.employmentId)
    const partnerId = sandbox.addPartner(hired.employeeId, { firstName: 'Ilse' })
    sandbox.endPartner(partnerId, '2026-03-31')
    sandbox.addChild(hired.employeeId)
    await check(`${employeePath}/partners`, `/providers/employers/employees/${hired.employeeId}/partners`)
    await check(`${employeePath}/children`, `/providers/employers/employees/${hired.employeeId}/children`)
    await check(`${employerPath}/employees/employments`, `/providers/employers/${employerId}/employees/employments?pageSize=1000`)
    await check(`${employerPath}/employees`, `/providers/employers/${employerId}/employees?pageSize=1000`, '2021-03-29')
    await check(`${employmentPath}/wages`, `/providers/employers/employees/employments/${hired.employmentId}/wages`)
    await check(`${employmentPath}/payrollperioddata`, `/providers/employers/employees/employments/${hired.employmentId}/payrollperioddata`)
  })

  it('the validator itself rejects unknown fields, wrong types and bad formats', () => {
    const schema = responseSchema(loadSpec(), `${employeePath}/citizenservicenumber`)
    const version = { obsoleteDate: null, resourceVersion: '2018-01-01' }
    expect(validate(loadSpec(), schema, { content: { citizenServiceNumber: '012345672' }, version, messages: [] })).toEqual([])
    expect(validate(loadSpec(), schema, { content: { bsn: '012345672' }, version, messages: [] })).toEqual(['$.content.bsn: not in the spec'])
    expect(validate(loadSpec(), schema, { content: { citizenServiceNumber: 12345672 }, version, messages: [] })).toHaveLength(1)
    expect(validate(loadSpec(), schema, { content: { citizenServiceNumber: null }, version: { ...version, resourceVersion: '2018-1-1' }, messages: [] }))
      .toEqual(['$.version.resourceVersion: not a date'])
  })
})
