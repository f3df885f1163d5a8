import { Hono } from 'hono'
import type { HttpBindings } from '@hono/node-server'
import { notFound, respondDetail, type ApiContext } from './api-responses.js'
import type { SandboxEmployment } from './sandbox-types.js'
import { today } from './sandbox-dates.js'
import type { LoketEmploymentFilter, SandboxFilterControls } from './user-filter-types.js'

export function allEmployments(): LoketEmploymentFilter {
  return { filterOnAdministrations: [], filterOnDepartments: [], filterOnEmployedStatus: 'AllEmployments', filterOnEmploymentCategoryType: [], filterOnOnCallEmployment: null }
}

export function createUserFilters(): SandboxFilterControls {
  const filters = new Map<string, LoketEmploymentFilter>()
  return {
    setUserFilter(employerId, filter) {
      const next = { ...(filters.get(employerId) ?? allEmployments()), ...structuredClone(filter) }
      filters.set(employerId, next)
      return structuredClone(next)
    },
    userFilter: (employerId) => structuredClone(filters.get(employerId) ?? allEmployments()),
  }
}

/**
 * Whether an employment passes the user's filter on `date`, as Loket applies it to the
 * employer-level employment lists: active means started and not ended before `date`.
 */
export function passesUserFilter(filter: LoketEmploymentFilter, entry: SandboxEmployment, date: string): boolean {
  const { startDate, endDate } = entry.employment
  const started = startDate <= date
  const ended = endDate !== null && endDate < date
  const status = filter.filterOnEmployedStatus
  if (status === 'ActiveEmployments' && (!started || ended)) return false
  if (status === 'ActiveAndFutureEmployments' && ended) return false
  if (status === 'ActiveAndHistoricEmployments' && !started) return false
  const keys = <T>(list: Array<{ key: T }>) => new Set(list.map((item) => item.key))
  if (filter.filterOnAdministrations.length > 0 && !keys(filter.filterOnAdministrations).has(entry.employment.payrollAdministration?.id ?? '')) return false
  if (filter.filterOnDepartments.length > 0) {
    const current = entry.organizationalEntities.find((unit) => unit.startDate <= date && (unit.endDate === null || unit.endDate >= date))
      ?? entry.organizationalEntities[entry.organizationalEntities.length - 1]
    if (!keys(filter.filterOnDepartments).has(current?.department.key ?? '')) return false
  }
  if (filter.filterOnEmploymentCategoryType.length > 0 && !keys(filter.filterOnEmploymentCategoryType).has(entry.employment.employmentCategoryType.key)) return false
  if (filter.filterOnOnCallEmployment !== null && entry.employment.isOnCallEmployment !== filter.filterOnOnCallEmployment) return false
  return true
}

/** The employment filter of the API's user, as of today (for the list routes). */
export function employmentVisible(api: ApiContext, entry: SandboxEmployment): boolean {
  return passesUserFilter(api.userFilters.userFilter(entry.employerId), entry, today(api.now()))
}

/**
 * GET /user/filtersettings/{employerId}. In Loket a separate service (that path's `servers` in
 * the OpenAPI document); here under `/v2` with the rest, which is where Koppel looks when only
 * `api_base_url` is set.
 */
export function userFilterRoutes(api: ApiContext): Hono<{ Bindings: HttpBindings }> {
  const app = new Hono<{ Bindings: HttpBindings }>()
  app.get('/user/filtersettings/:employerId', (c) => {
    const employerId = c.req.param('employerId')
    if (!api.data.employers.has(employerId)) return notFound(c, 'filterSettings', 'Employer')
    return respondDetail(c, 'filterSettings', { employmentFilter: api.userFilters.userFilter(employerId) })
  })
  return app
}
