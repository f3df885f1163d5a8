import type { LoketMetadata } from './loket-types.js'

/**
 * The enumeration values the sandbox uses. Keys follow the spec's examples where it gives one
 * (gender 2 = female, grossWageType 2 = hourly, payrollPeriodType 1 = month, 3 = four weeks,
 * 4 = week, cancellationPeriodTimeUnit 4 = months); the rest are plausible stand-ins.
 */
export const gender = {
  male: { key: 1, value: 'male' },
  female: { key: 2, value: 'female' },
  unknown: { key: 3, value: 'unknown' },
} satisfies Record<string, LoketMetadata>

/** How `formattedName` is built (BRP "naamgebruik": E, V, P, N). */
export const howToFormatLastName = {
  own: { key: 1, value: 'last name' },
  partnerThenOwn: { key: 2, value: 'last name partner + last name' },
  partner: { key: 3, value: 'last name partner' },
  ownThenPartner: { key: 4, value: 'last name + last name partner' },
} satisfies Record<string, LoketMetadata>

export const civilStatuses: readonly LoketMetadata[] = [
  { key: 1, value: 'Single' }, { key: 2, value: 'Married' }, { key: 3, value: 'Registered partnership' },
  { key: 4, value: 'Divorced' },
]

export const nationalities: readonly LoketMetadata[] = [
  { key: 2, value: 'Dutch' }, { key: 3, value: 'Belgian' }, { key: 4, value: 'German' }, { key: 5, value: 'Polish' },
  { key: 6, value: 'Turkish' },
]

export const grossWageType = {
  periodic: { key: 1, value: 'periodic' },
  hourly: { key: 2, value: 'hourly' },
} satisfies Record<string, LoketMetadata>

export const payrollPeriodType = {
  month: { key: 1, value: 'Maand' },
  fourWeeks: { key: 3, value: '4 weken' },
  week: { key: 4, value: 'Week' },
} satisfies Record<string, LoketMetadata>

export const employmentDurationType = {
  indefinite: { key: 1, value: 'Contract of indefinite duration' },
  definite: { key: 2, value: 'Contract of definite duration' },
} satisfies Record<string, LoketMetadata>

export const endOfEmploymentReasons: readonly LoketMetadata[] = [
  { key: 2, value: 'Ontslag op eigen verzoek' }, { key: 3, value: 'Einde tijdelijk contract' },
  { key: 4, value: 'Ontslag door werkgever' }, { key: 5, value: 'Pensioen' },
]

export const typeOfEmployee: LoketMetadata = { key: 1, value: 'Werknemer' }
export const employmentContractType: LoketMetadata = { key: 1, value: 'Arbeidsovereenkomst (excl BBL)' }
export const employmentCategoryType: LoketMetadata = { key: 1, value: 'Regulier' }
export const monthsTimeUnit: LoketMetadata = { key: 4, value: 'Maand(en)' }
export const essMutationSet: LoketMetadata = { key: 1, value: 'Standaard' }
export const noInsuranceException: LoketMetadata = { key: 0, value: 'Geen uitzondering.' }
export const noTaxExemption: LoketMetadata = { key: 2, value: 'Nee.' }
export const netherlands = { isoCode: 'NL', key: 1, value: 'Netherlands' }
