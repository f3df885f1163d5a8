import { payrollResultId, type PayrollComponentResult, type PayrollResult } from 'koppel/sdk'
import { z } from 'zod'
import { parseRaw } from './loket-raw-schemas.js'
import type { RawPayrollResultItem } from './raw-items.js'

const metadata = z.looseObject({ key: z.union([z.number(), z.string()]), value: z.string().nullish() })

const rawPeriodResultsSchema = z.looseObject({
  employmentId: z.string().min(1),
  payrollPeriods: z.array(z.looseObject({
    payrollPeriod: z.looseObject({
      year: z.number().int(), periodNumber: z.number().int().nullish(), periodStartDate: z.string(), periodEndDate: z.string(),
      testYear: z.boolean().nullish(),
    }),
    payslipTypes: z.array(z.looseObject({
      payslipType: metadata,
      payrollComponentResults: z.array(z.looseObject({
        payrollComponent: z.looseObject({
          key: z.union([z.number(), z.string()]), value: z.string().nullish(), category: metadata.nullish(), column: metadata.nullish(),
          hoursIndication: z.unknown().optional(),
        }),
        value: z.number().nullish(),
        valueSpecialTariff: z.number().nullish(),
      })).nullish(),
    })).nullish(),
  })).nullish(),
})

/**
 * One employment's entry of a period's (or run's) payroll results → one canonical
 * `payroll_result` per period and payslip type (DESIGN.md §3). Test years are skipped. Loket
 * gives money in euros and hours as plain numbers in the same `value` field; a component is a
 * quantity when its category is "Uren" or it has an `hoursIndication`, otherwise money.
 */
export function normalizePayrollResults(item: RawPayrollResultItem, employerId: string): PayrollResult[] {
  const raw = parseRaw(rawPeriodResultsSchema, item.result, 'payroll result')
  const records: PayrollResult[] = []
  for (const period of raw.payrollPeriods ?? []) {
    const { year, periodNumber, periodStartDate, periodEndDate, testYear } = period.payrollPeriod
    if (testYear === true || periodNumber === null || periodNumber === undefined) continue
    for (const slip of period.payslipTypes ?? []) {
      const payslipType = { code: String(slip.payslipType.key), label: slip.payslipType.value ?? null }
      const components: Record<string, PayrollComponentResult> = {}
      for (const result of slip.payrollComponentResults ?? []) {
        const component = result.payrollComponent
        const code = String(component.key)
        const quantity = isQuantity(component.category?.value, component.hoursIndication)
        const normal = result.value ?? 0
        const special = result.valueSpecialTariff ?? 0
        const earlier = components[code]
        // A component listed twice on one payslip adds up (Loket lists each once; be safe).
        components[code] = {
          name: component.value ?? null,
          category: { code: String(component.category?.key ?? ''), label: component.category?.value ?? null },
          column: component.column ? { code: String(component.column.key), label: component.column.value ?? null } : null,
          amountCents: quantity ? null : toCents(normal) + (earlier?.amountCents ?? 0),
          quantity: quantity ? round(normal + (earlier?.quantity ?? 0)) : null,
          specialTariffAmountCents: quantity ? null : toCents(special) + (earlier?.specialTariffAmountCents ?? 0),
          specialTariffQuantity: quantity ? round(special + (earlier?.specialTariffQuantity ?? 0)) : null,
        }
      }
      records.push({
        id: payrollResultId(raw.employmentId, year, periodNumber, payslipType.code),
        employerId,
        employmentId: raw.employmentId,
        payrollAdministrationId: item.payrollAdministrationId,
        year,
        periodNumber,
        periodStartDate,
        periodEndDate,
        payslipType,
        components,
      })
    }
  }
  return records
}

function isQuantity(category: string | null | undefined, hoursIndication: unknown): boolean {
  return category?.trim().toLowerCase() === 'uren' || (hoursIndication !== null && hoursIndication !== undefined && hoursIndication !== false)
}

function toCents(euros: number): number {
  return Math.round(euros * 100)
}

/** Quantities keep at most 4 decimals, so float noise (0.1 + 0.2) never shows as a change. */
function round(value: number): number {
  return Math.round(value * 10_000) / 10_000
}
