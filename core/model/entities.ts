import { z } from 'zod'
import { bsn, cents, isoDate, normalizeDutchPostalCode } from './validators.js'

/**
 * The canonical model (DESIGN.md §3): one zod schema per entity. Every connector normalizes
 * into these shapes; webhook consumers receive them as `record` and `previous`. Optional
 * source fields are `null`, never missing, so that a field appearing or disappearing is a
 * visible change. An entity exists once it is listed in entity-registry.ts.
 */
const text = z.string().nullable()
const base = { id: z.string().min(1), employerId: z.string().min(1) }
const flag = z.boolean().nullable()

/**
 * An entry of the source's own code list (civil status, nationality, end reason, pay scale):
 * the source's stable key as a string plus its display text. Consumers map on `code`; the
 * label is for people and may change with the account's language.
 */
export const codeListSchema = z.strictObject({ code: z.string().min(1), label: text })
const coded = codeListSchema.nullable()

const gender = z.enum(['male', 'female', 'other', 'unknown'])

export const employerSchema = z.strictObject({
  ...base,
  number: text,
  name: text,
  chamberOfCommerceNumber: text,
  payrollTaxNumber: text,
})

export const addressSchema = z
  .strictObject({
    street: text,
    houseNumber: text,
    houseNumberAddition: text,
    postalCode: text,
    city: text,
    countryCode: z.string().regex(/^[A-Z]{2}$/, 'country must be an ISO 3166 alpha-2 code').nullable(),
  })
  .superRefine((address, issues) => {
    if (address.countryCode === 'NL' && address.postalCode !== null && normalizeDutchPostalCode(address.postalCode) !== address.postalCode) {
      issues.addIssue({ code: 'custom', path: ['postalCode'], message: 'Dutch postal code must be normalized as "1234 AB"' })
    }
  })

export const employeeSchema = z.strictObject({
  ...base,
  employeeNumber: text,
  bsn: bsn.nullable(),
  name: z.strictObject({
    initials: text,
    firstName: text,
    prefix: text,
    lastName: text,
    partnerPrefix: text,
    partnerLastName: text,
    nameUsage: z.enum(['own', 'partner', 'partner_own', 'own_partner']).nullable(),
    formatted: text,
  }),
  dateOfBirth: isoDate.nullable(),
  dateOfDeath: isoDate.nullable(),
  gender,
  nationality: coded,
  civilStatus: coded,
  address: addressSchema.nullable(),
  contact: z.strictObject({ email: text, phone: text, mobile: text }),
})

export const employmentSchema = z.strictObject({
  ...base,
  employeeId: z.string().min(1),
  startDate: isoDate,
  endDate: isoDate.nullable(),
  historicalStartDate: isoDate.nullable(),
  endReason: coded,
  endedDueToIllness: flag,
  contractType: z.enum(['permanent', 'fixed_term', 'on_call', 'other']),
  /** A director and major shareholder (DGA) is not insured for WIA and WW. */
  isDirectorMajorShareholder: flag,
  payrollId: text,
  incomeRelationshipNumber: text,
  payrollAdministrationId: text,
  job: z.strictObject({ code: text, title: text }).nullable(),
  department: z.strictObject({ code: text, name: text }).nullable(),
})

export const workingHoursSchema = z.strictObject({
  ...base,
  employmentId: z.string().min(1),
  startDate: isoDate,
  endDate: isoDate.nullable(),
  hoursPerWeek: z.number().nonnegative().nullable(),
  fullTimeHoursPerWeek: z.number().positive().nullable(),
  partTimeFactor: z.number().nonnegative().nullable(),
})

export const wageSchema = z.strictObject({
  ...base,
  employmentId: z.string().min(1),
  startDate: isoDate,
  endDate: isoDate.nullable(),
  grossAmountCents: cents.nullable(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  period: z.enum(['hour', 'week', 'four_weeks', 'month', 'year']).nullable(),
  fullTimeBasis: z.boolean().nullable(),
  payScale: coded,
  payGrade: coded,
})

/** A relative's name: no partner name of its own and no formatted form in the sources. */
const relativeName = z.strictObject({ initials: text, firstName: text, prefix: text, lastName: text })

/** What partners and children share: a relative of the employee. */
const relative = {
  ...base,
  employeeId: z.string().min(1),
  name: relativeName,
  dateOfBirth: isoDate.nullable(),
  dateOfDeath: isoDate.nullable(),
  gender,
}

/** One of the employee's partners, current or past (ANW, partner pension); start and end of the partnership. */
export const partnerSchema = z.strictObject({ ...relative, startDate: isoDate.nullable(), endDate: isoDate.nullable() })

/** One of the employee's children (orphan's pension). */
export const childSchema = z.strictObject(relative)

export type Employer = z.infer<typeof employerSchema>
export type Employee = z.infer<typeof employeeSchema>
export type Employment = z.infer<typeof employmentSchema>
export type WorkingHours = z.infer<typeof workingHoursSchema>
export type Wage = z.infer<typeof wageSchema>

/**
 * One payroll component of a period's result. A money component fills the `…Cents` fields
 * and leaves the quantities null; an hours, days or units component fills the quantities and
 * leaves the cents null (DESIGN.md §3).
 */
export const payrollComponentResultSchema = z.strictObject({
  name: text,
  category: codeListSchema,
  column: codeListSchema.nullable(),
  amountCents: cents.nullable(),
  quantity: z.number().nullable(),
  specialTariffAmountCents: cents.nullable(),
  specialTariffQuantity: z.number().nullable(),
})

/** `<employmentId>:<year>-<periodNumber, 2 digits>:<payslipType code>`. */
export function payrollResultId(employmentId: string, year: number, periodNumber: number, payslipTypeCode: string): string {
  return `${employmentId}:${year}-${String(periodNumber).padStart(2, '0')}:${payslipTypeCode}`
}

export const payrollResultSchema = z.strictObject({
  ...base,
  employmentId: z.string().min(1),
  payrollAdministrationId: text,
  year: z.number().int().min(1900).max(9999),
  periodNumber: z.number().int().min(1).max(99),
  periodStartDate: isoDate,
  periodEndDate: isoDate,
  payslipType: codeListSchema,
  /** Keyed by the source's component code, so a change has a stable path (`components.70.amountCents`). */
  components: z.record(z.string().min(1), payrollComponentResultSchema),
}).superRefine((result, issues) => {
  if (result.id !== payrollResultId(result.employmentId, result.year, result.periodNumber, result.payslipType.code)) {
    issues.addIssue({ code: 'custom', path: ['id'], message: 'payroll result id must be <employmentId>:<year>-<period 2 digits>:<payslip type code>' })
  }
})

export type PayrollComponentResult = z.infer<typeof payrollComponentResultSchema>
export type PayrollResult = z.infer<typeof payrollResultSchema>
export type Partner = z.infer<typeof partnerSchema>
export type Child = z.infer<typeof childSchema>
export type CodeListValue = z.infer<typeof codeListSchema>
