import type { Employer } from 'koppel/sdk'
import { textOf } from './loket-metadata.js'
import { parseRaw, rawEmployerSchema, rawPayrollAdministrationSchema } from './loket-raw-schemas.js'
import type { RawEmployerItem } from './raw-items.js'

/**
 * A Loket employer → canonical `employer`. The employer resource has no wage tax number
 * (loonheffingennummer); it lives on the payroll administrations: the first one still
 * running wins, else the first one that has a number.
 */
export function normalizeEmployer(item: RawEmployerItem, employerId: string): Employer {
  const employer = parseRaw(rawEmployerSchema, item.employer, 'employer')
  const administrations = item.payrollAdministrations.map((entry) => parseRaw(rawPayrollAdministrationSchema, entry, 'payroll administration'))
  const numbered = administrations.filter((entry) => textOf(entry.payrollTaxesNumber) !== null)
  const chosen = numbered.find((entry) => !entry.endDate) ?? numbered[0]
  return {
    id: employerId,
    employerId,
    number: textOf(employer.employerNumber),
    name: textOf(employer.companyName),
    chamberOfCommerceNumber: textOf(employer.chamberOfCommerceNumber),
    payrollTaxNumber: textOf(chosen?.payrollTaxesNumber),
  }
}
