import { Hono } from 'hono'
import type { HttpBindings } from '@hono/node-server'
import { checkRight, notFound, respondDetail, respondList, type ApiContext } from './api-responses.js'
import { negotiateVersion } from './resource-versions.js'
import { serializeEmployee, serializeEmployment } from './serialize-resources.js'
import { allowedActivities } from './rights.js'
import { employmentVisible } from './user-filter.js'

/** Employer-scoped endpoints: employers, version numbers, authorizations and the employer-wide lists. */
export function employerRoutes(api: ApiContext): Hono<{ Bindings: HttpBindings }> {
  const app = new Hono<{ Bindings: HttpBindings }>()
  const { data } = api
  const employerExists = (id: string): boolean => data.employers.has(id)

  app.get('/providers/employers', (c) =>
    checkRight(c, api, 'GetEmployersByUserId')
      ?? respondList(c, api, 'employers', [...data.employers.values()].map((entry) => structuredClone(entry.employer))))

  app.get('/providers/employers/lastmodifiedversionnumbers', (c) =>
    checkRight(c, api, 'GetEmployerLastModifiedVersionNumbersByUser')
      ?? respondList(c, api, 'employerVersions', [...data.employers.values()].map((entry) => ({
        id: entry.employer.id, lastModifiedVersionNumber: entry.lastModifiedVersionNumber,
      }))))

  app.get('/providers/employers/:employerId', (c) => {
    const denied = checkRight(c, api, 'GetEmployerByEmployerId')
    if (denied) return denied
    const entry = data.employers.get(c.req.param('employerId'))
    if (!entry) return notFound(c, 'employers', 'Employer')
    return respondDetail(c, 'employers', structuredClone(entry.employer))
  })

  app.get('/providers/employers/:employerId/authorizations', (c) => {
    const employerId = c.req.param('employerId')
    if (!employerExists(employerId)) return notFound(c, 'authorizations', 'Employer')
    const version = negotiateVersion('authorizations', c.req.header('accept'))
    const activities = allowedActivities(api.rights)
    // 2019-02-11 lists `{id, description}` per activity; 2018-01-01 only `{name}`.
    const items = version.resourceVersion >= '2019-02-11'
      ? activities.map((activity, index) => ({ id: activityGuid(index), description: activity }))
      : activities.map((activity) => ({ name: activity }))
    return respondList(c, api, 'authorizations', items)
  })

  app.get('/providers/employers/:employerId/employees', (c) => {
    const denied = checkRight(c, api, 'GetEmployeesByEmployerId')
    if (denied) return denied
    const employerId = c.req.param('employerId')
    if (!employerExists(employerId)) return notFound(c, 'employees', 'Employer')
    const version = negotiateVersion('employees', c.req.header('accept')).resourceVersion
    const entries = [...data.employees.values()].filter((entry) => entry.employerId === employerId)
    return respondList(c, api, 'employees', entries, (entry) => serializeEmployee(entry.employee, version))
  })

  app.get('/providers/employers/:employerId/employees/employments', (c) => {
    const denied = checkRight(c, api, 'GetEmploymentsByEmployerId')
    if (denied) return denied
    const employerId = c.req.param('employerId')
    if (!employerExists(employerId)) return notFound(c, 'employments', 'Employer')
    const entries = [...data.employments.values()].filter((entry) => entry.employerId === employerId && employmentVisible(api, entry))
    return respondList(c, api, 'employments', entries, (entry) => serializeEmployment(data, entry))
  })

  app.get('/providers/employers/:employerId/employees/employments/lastmodifiedversionnumbers', (c) => {
    const denied = checkRight(c, api, 'GetEmploymentLastModifiedVersionNumbersByEmployerId')
    if (denied) return denied
    const employerId = c.req.param('employerId')
    if (!employerExists(employerId)) return notFound(c, 'employmentVersions', 'Employer')
    const items = [...data.employments.values()]
      .filter((entry) => entry.employerId === employerId && employmentVisible(api, entry))
      .map((entry) => ({ id: entry.employment.id, lastModifiedVersionNumber: entry.lastModifiedVersionNumber }))
    return respondList(c, api, 'employmentVersions', items)
  })
  return app
}

/** Stable GUID-shaped ids for the activity list. */
function activityGuid(index: number): string {
  const hex = (index + 1).toString(16).padStart(12, '0')
  return `00000000-0000-4000-8000-${hex}`
}
