import { Hono, type Context } from 'hono'
import type { HttpBindings } from '@hono/node-server'
import { checkRight, notFound, respondDetail, respondList, type ApiContext } from './api-responses.js'
import { negotiateVersion, type ResourceName } from './resource-versions.js'
import { serializeEmployee, serializeEmployment } from './serialize-resources.js'
import { buildPayrollResults } from './build-payroll-results.js'
import type { SandboxEmployment } from './sandbox-types.js'
import { today } from './sandbox-dates.js'

/** Employee- and employment-scoped endpoints (details, BSN, chains, payroll data). */
export function employmentRoutes(api: ApiContext): Hono<{ Bindings: HttpBindings }> {
  const app = new Hono<{ Bindings: HttpBindings }>()
  const { data } = api

  app.get('/providers/employers/employees/:employeeId', (c) => {
    const denied = checkRight(c, api, 'GetEmployeeByEmployeeId')
    if (denied) return denied
    const entry = data.employees.get(c.req.param('employeeId'))
    if (!entry) return notFound(c, 'employees', 'Employee')
    const version = negotiateVersion('employees', c.req.header('accept'))
    return c.json({ content: serializeEmployee(entry.employee, version.resourceVersion), version, messages: [] })
  })

  app.get('/providers/employers/employees/:employeeId/citizenservicenumber', (c) => {
    const denied = checkRight(c, api, 'GetCitizenServiceNumberByEmployeeId')
    if (denied) return denied
    const entry = data.employees.get(c.req.param('employeeId'))
    if (!entry) return notFound(c, 'citizenServiceNumber', 'Employee')
    return respondDetail(c, 'citizenServiceNumber', { citizenServiceNumber: entry.bsn })
  })

  app.get('/providers/employers/employees/employments/:employmentId', (c) => {
    const denied = checkRight(c, api, 'GetEmploymentByEmploymentId')
    if (denied) return denied
    const entry = data.employments.get(c.req.param('employmentId'))
    if (!entry) return notFound(c, 'employments', 'Employment')
    return respondDetail(c, 'employments', serializeEmployment(data, entry))
  })

  const chain = (
    path: string, activity: string, resource: ResourceName, pick: (entry: SandboxEmployment) => readonly unknown[],
  ): void => {
    app.get(`/providers/employers/employees/employments/:employmentId/${path}`, (c: Context) => {
      const denied = checkRight(c, api, activity)
      if (denied) return denied
      const entry = data.employments.get(c.req.param('employmentId') ?? '')
      if (!entry) return notFound(c, resource, 'Employment')
      return respondList(c, api, resource, structuredClone(pick(entry)))
    })
  }
  chain('wages', 'GetWagesByEmploymentId', 'wages', (entry) => entry.wages)
  chain('workinghours', 'GetWorkingHoursByEmploymentId', 'workingHours', (entry) => entry.workingHours)
  chain('organizationalentities', 'GetOrganizationalEntitiesByEmploymentId', 'organizationalEntities', (entry) => entry.organizationalEntities)
  chain('payrollperioddata', 'GetPayrollPeriodDataByEmploymentId', 'payrollPeriodData', (entry) => entry.payrollPeriodData)

  app.get('/providers/employers/employees/employments/:employmentId/payrollperiodresults/year/:year', (c) => {
    const denied = checkRight(c, api, 'GetPayrollPeriodResultsByEmploymentIdAndYear')
    if (denied) return denied
    const entry = data.employments.get(c.req.param('employmentId'))
    if (!entry) return notFound(c, 'payrollPeriodResults', 'Employment')
    const year = Number(c.req.param('year'))
    if (!Number.isInteger(year) || year < 1900 || year > 2100) return notFound(c, 'payrollPeriodResults', 'Year')
    return respondDetail(c, 'payrollPeriodResults', buildPayrollResults(entry, year, today(api.now())))
  })
  return app
}
