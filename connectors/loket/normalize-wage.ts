import type { Wage } from 'koppel/sdk'
import { codeOf, textOf, toWagePeriod } from './loket-metadata.js'
import { parseRaw, rawWageSchema } from './loket-raw-schemas.js'
import type { RawWageItem } from './raw-items.js'

/** One record of an employment's wage chain → canonical `wage`. Loket amounts are euros. */
export function normalizeWage(item: RawWageItem, employerId: string): Wage {
  const wage = parseRaw(rawWageSchema, item.wage, 'wage')
  return {
    id: wage.id,
    employerId,
    employmentId: item.employmentId,
    startDate: wage.startDate,
    endDate: textOf(wage.endDate),
    grossAmountCents: typeof wage.grossWage === 'number' ? Math.round(wage.grossWage * 100) : null,
    currency: 'EUR',
    period: toWagePeriod(wage.grossWageType, wage.payrollPeriodType),
    fullTimeBasis: wage.isGrossWageFullTime ?? null,
    payScale: codeOf(wage.payScale),
    payGrade: codeOf(wage.payGrade),
  }
}
