import { Hono, type Context } from 'hono'
import type { HttpBindings } from '@hono/node-server'
import { checkRight, notFound, respondList, type ApiContext } from './api-responses.js'
import { isCurrentPartner } from './build-people.js'
import { today } from './sandbox-dates.js'

/**
 * Partners and children: per employee (the whole history) and employer-wide, where Loket
 * keys each item by employment (an employee with two employments is listed twice) and the
 * partner list holds only the partners current on `referenceDate` (default today).
 */
export function peopleRoutes(api: ApiContext): Hono<{ Bindings: HttpBindings }> {
  const app = new Hono<{ Bindings: HttpBindings }>()
  const { data } = api
  const employmentsOf = (employerId: string) => [...data.employments.values()].filter((entry) => entry.employerId === employerId)

  // An employee's own history: every partner (current and past), every child.
  for (const [path, operation, resource] of [['partners', 'GetPartnersByEmployeeId', 'partners'], ['children', 'GetChildrenByEmployeeId', 'children']] as const) {
    app.get(`/providers/employers/employees/:employeeId/${path}`, (c) => {
      const denied = checkRight(c, api, operation)
      if (denied) return denied
      const entry = data.employees.get(c.req.param('employeeId'))
      if (!entry) return notFound(c, resource, 'Employee')
      return respondList(c, api, resource, structuredClone(entry[resource]))
    })
  }

  app.get('/providers/employers/:employerId/employees/actualpartners', (c) => {
    const denied = checkRight(c, api, 'GetActualPartnersByEmployerId')
    if (denied) return denied
    const employerId = c.req.param('employerId')
    if (!data.employers.has(employerId)) return notFound(c, 'actualPartners', 'Employer')
    const date = referenceDate(c) ?? today(api.now())
    const entries = employmentsOf(employerId).flatMap((employment) =>
      (data.employees.get(employment.employeeId)?.partners ?? [])
        .filter((partner) => isCurrentPartner(partner, date))
        .map((partner) => ({ employmentId: employment.employment.id, partner })))
    return respondList(c, api, 'actualPartners', entries, ({ employmentId, partner }) => ({ employmentId, partner: structuredClone(partner) }))
  })

  app.get('/providers/employers/:employerId/employees/children', (c) => {
    const denied = checkRight(c, api, 'GetChildrenByEmployerId')
    if (denied) return denied
    const employerId = c.req.param('employerId')
    if (!data.employers.has(employerId)) return notFound(c, 'employerChildren', 'Employer')
    const entries = employmentsOf(employerId).flatMap((employment) =>
      (data.employees.get(employment.employeeId)?.children ?? []).map((child) => ({ employmentId: employment.employment.id, child })))
    return respondList(c, api, 'employerChildren', entries, ({ employmentId, child }) => ({ employmentId, children: structuredClone(child) }))
  })
  return app
}

function referenceDate(c: Context): string | undefined {
  const query = c.req.query()
  const key = Object.keys(query).find((name) => name.toLowerCase() === 'referencedate')
  const value = key === undefined ? undefined : query[key]
  return value !== undefined && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : undefined
}
