import { z } from 'zod'
import { KoppelError } from 'koppel/sdk'

/**
 * Loose zod views of the Loket fields normalize reads (field names from the OpenAPI
 * document). Everything but ids is optional: a missing field becomes null in the canonical
 * record and the engine's validation reports it, instead of the whole run failing here.
 */
const str = z.string().nullish()
const num = z.number().nullish()
const id = z.string().min(1)

export const metadataSchema = z.looseObject({ key: z.union([z.number(), z.string()]).nullish(), value: str }).nullish()
export type LoketMetadataValue = z.infer<typeof metadataSchema>

const addressSchema = z
  .looseObject({
    street: str,
    houseNumber: z.union([z.number(), z.string()]).nullish(),
    houseNumberAddition: str,
    postalCode: str,
    city: str,
    country: z.looseObject({ isoCode: str }).nullish(),
  })
  .nullish()
export type LoketRawAddress = z.infer<typeof addressSchema>

export const rawEmployerSchema = z.looseObject({
  id,
  employerNumber: z.union([z.number(), z.string()]).nullish(),
  companyName: str,
  chamberOfCommerceNumber: str,
})

export const rawPayrollAdministrationSchema = z.looseObject({ payrollTaxesNumber: str, endDate: str })

export const rawEmployeeSchema = z.looseObject({
  id,
  employeeNumber: z.union([z.number(), z.string()]).nullish(),
  personalDetails: z
    .looseObject({
      initials: str,
      firstName: str,
      prefix: str,
      lastName: str,
      prefixPartner: str,
      lastNamePartner: str,
      formattedName: str,
      howToFormatLastName: metadataSchema,
      dateOfBirth: str,
      dateOfDeath: str,
      gender: metadataSchema,
      nationality: metadataSchema,
      civilStatus: metadataSchema,
    })
    .nullish(),
  address: addressSchema,
  contactInformation: z.looseObject({ emailAddress: str, phoneNumber: str, mobilePhoneNumber: str }).nullish(),
})

export const rawEmploymentSchema = z.looseObject({
  id,
  employee: z.looseObject({ id }),
  startDate: z.string(),
  endDate: str,
  historicalStartDate: str,
  endOfEmploymentReason: metadataSchema,
  endOfEmploymentReasonTaxAuthorities: metadataSchema,
  endOfEmploymentDueToIllness: z.boolean().nullish(),
  employmentDurationType: metadataSchema,
  isOnCallEmployment: z.boolean().nullish(),
  isDirectorAndMajorShareholder: z.boolean().nullish(),
  payrollId: z.union([z.number(), z.string()]).nullish(),
  incomeRelationshipNumber: z.union([z.number(), z.string()]).nullish(),
  payrollAdministration: z.looseObject({ id: str }).nullish(),
})

export const rawOrganizationalEntitySchema = z.looseObject({
  startDate: z.string(),
  endDate: str,
  department: z.looseObject({ code: z.union([z.number(), z.string()]).nullish(), description: str }).nullish(),
  function: z.looseObject({ description: str }).nullish(),
  standardFunction: z.looseObject({ code: str }).nullish(),
  deviatingFunctionDescription: str,
})
export type LoketRawOrganizationalEntity = z.infer<typeof rawOrganizationalEntitySchema>

export const rawWageSchema = z.looseObject({
  id,
  startDate: z.string(),
  endDate: str,
  grossWage: num,
  grossWageType: metadataSchema,
  isGrossWageFullTime: z.boolean().nullish(),
  payScale: metadataSchema,
  payGrade: metadataSchema,
  payrollPeriodType: metadataSchema,
})

export const rawWorkingHoursSchema = z.looseObject({
  id,
  startDate: z.string(),
  endDate: str,
  averageHoursPerWeek: num,
  aggregatedHoursPerWeek: num,
  deviatingHoursPerWeek: num,
  shift: z.looseObject({ fullTimeHoursPerWeek: num }).nullish(),
})

/** What a Loket partner and child share: a relative of the employee. */
const rawRelativeSchema = z.looseObject({
  id,
  initials: str,
  firstName: str,
  prefix: str,
  lastName: str,
  dateOfBirth: str,
  dateOfDeath: str,
  gender: metadataSchema,
})

/** A partner (GetPartnersByEmployeeId item, or the `partner` of a GetActualPartnersByEmployerId item). */
export const rawPartnerSchema = rawRelativeSchema.extend({ startDate: str, endDate: str })

/** A child (GetChildrenByEmployeeId item, or the `children` of a GetChildrenByEmployerId item). */
export const rawChildSchema = rawRelativeSchema

/**
 * Parses a raw Loket item; a shape normalize cannot read at all (no id, no start date) is
 * `upstream_bad_response` naming the resource and the field paths, never the values.
 */
export function parseRaw<T extends z.ZodType>(schema: T, value: unknown, resource: string): z.infer<T> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const paths = result.error.issues.map((issue) => issue.path.join('.') || '(root)')
  return throwBadRaw(resource, paths)
}

function throwBadRaw(resource: string, paths: string[]): never {
  throw new KoppelError('upstream_bad_response', `Loket ${resource} has an unreadable shape at ${paths.join(', ')}`, {
    details: { resource, paths },
  })
}
