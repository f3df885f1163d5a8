import { unknownPageType, type CanonicalRecord, type NormalizeContext } from 'koppel/sdk'
import { normalizeEmployee } from './normalize-employee.js'
import { normalizeEmployer } from './normalize-employer.js'
import { normalizeEmployment } from './normalize-employment.js'
import { normalizePayrollResults } from './normalize-payroll-result.js'
import { normalizeChild, normalizePartner } from './normalize-people.js'
import { normalizeWage } from './normalize-wage.js'
import { normalizeWorkingHours } from './normalize-working-hours.js'
import { loketPageTypes, type LoketPage } from './raw-items.js'
import type { LoketSettings } from './settings.js'

/**
 * Pure and synchronous: one raw Loket page → canonical records. `employerId` is always the
 * resolved employer GUID (`ctx.employer.id`), also when the YAML names it by number.
 */
export function normalizeLoketPage(page: LoketPage, ctx: NormalizeContext<LoketSettings>): CanonicalRecord[] {
  const employerId = ctx.employer.id
  switch (page.type) {
    case loketPageTypes.employer:
      return page.items.map((item) => ({ entity: 'employer', record: normalizeEmployer(item, employerId) }))
    case loketPageTypes.employees:
      return page.items.map((item) => ({ entity: 'employee', record: normalizeEmployee(item, employerId) }))
    case loketPageTypes.employments:
      return page.items.map((item) => ({ entity: 'employment', record: normalizeEmployment(item, employerId) }))
    case loketPageTypes.wages:
      return page.items.map((item) => ({ entity: 'wage', record: normalizeWage(item, employerId) }))
    case loketPageTypes.workingHours:
      return page.items.map((item) => ({ entity: 'working_hours', record: normalizeWorkingHours(item, employerId) }))
    case loketPageTypes.payrollResults:
      return page.items.flatMap((item) => normalizePayrollResults(item, employerId).map((record) => ({ entity: 'payroll_result' as const, record })))
    case loketPageTypes.partners:
      return page.items.map((item) => ({ entity: 'partner', record: normalizePartner(item, employerId) }))
    case loketPageTypes.children:
      return page.items.map((item) => ({ entity: 'child', record: normalizeChild(item, employerId) }))
    case loketPageTypes.cursor:
      return []
    default:
      return unknownPageType('loket', page)
  }
}
