import { KoppelError, type CanonicalRecord, type NormalizeContext, type RawPage } from 'koppel/sdk'
import { normalizeEmployee } from './normalize-employee.js'
import { normalizeEmployer } from './normalize-employer.js'
import { normalizeEmployment } from './normalize-employment.js'
import { normalizeWage } from './normalize-wage.js'
import { normalizeWorkingHours } from './normalize-working-hours.js'
import {
  loketPageTypes, type RawEmployeeItem, type RawEmployerItem, type RawEmploymentItem, type RawWageItem, type RawWorkingHoursItem,
} from './raw-items.js'

/**
 * Pure and synchronous: one raw Loket page → canonical records. `employerId` is always the
 * resolved employer GUID (`ctx.employer.id`), also when the YAML names it by number.
 */
export function normalizeLoketPage(page: RawPage, ctx: NormalizeContext): CanonicalRecord[] {
  const employerId = ctx.employer.id
  switch (page.type) {
    case loketPageTypes.employer:
      return page.items.map((item) => ({ entity: 'employer', record: normalizeEmployer(item as RawEmployerItem, employerId) }))
    case loketPageTypes.employees:
      return page.items.map((item) => ({ entity: 'employee', record: normalizeEmployee(item as RawEmployeeItem, employerId) }))
    case loketPageTypes.employments:
      return page.items.map((item) => ({ entity: 'employment', record: normalizeEmployment(item as RawEmploymentItem, employerId) }))
    case loketPageTypes.wages:
      return page.items.map((item) => ({ entity: 'wage', record: normalizeWage(item as RawWageItem, employerId) }))
    case loketPageTypes.workingHours:
      return page.items.map((item) => ({ entity: 'working_hours', record: normalizeWorkingHours(item as RawWorkingHoursItem, employerId) }))
    case loketPageTypes.cursor:
      return []
    default:
      throw new KoppelError('internal_error', `loket normalize: unknown raw page type "${page.type}"`)
  }
}
