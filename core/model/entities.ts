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
  gender: z.enum(['male', 'female', 'other', 'unknown']),
  nationality: text,
  civilStatus: text,
  address: addressSchema.nullable(),
  contact: z.strictObject({ email: text, phone: text, mobile: text }),
})

export const employmentSchema = z.strictObject({
  ...base,
  employeeId: z.string().min(1),
  startDate: isoDate,
  endDate: isoDate.nullable(),
  endReason: text,
  contractType: z.enum(['permanent', 'fixed_term', 'on_call', 'other']),
  payrollId: text,
  incomeRelationshipNumber: text,
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
  payScale: text,
  payGrade: text,
})

export type Employer = z.infer<typeof employerSchema>
export type Employee = z.infer<typeof employeeSchema>
export type Employment = z.infer<typeof employmentSchema>
export type WorkingHours = z.infer<typeof workingHoursSchema>
export type Wage = z.infer<typeof wageSchema>
