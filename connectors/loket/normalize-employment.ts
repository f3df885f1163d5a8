import type { Employment } from 'koppel/sdk'
import { codeOf, textOf, toContractType } from './loket-metadata.js'
import { parseRaw, rawEmploymentSchema, rawOrganizationalEntitySchema, type LoketRawOrganizationalEntity } from './loket-raw-schemas.js'
import type { RawEmploymentItem } from './raw-items.js'

/** A Loket employment and its organizational entity chain → canonical `employment`. */
export function normalizeEmployment(item: RawEmploymentItem, employerId: string): Employment {
  const employment = parseRaw(rawEmploymentSchema, item.employment, 'employment')
  const chain = item.organizationalEntities.map((entity) => parseRaw(rawOrganizationalEntitySchema, entity, 'organizational entity'))
  const entity = effectiveEntity(chain, effectiveDate(item.referenceDate, employment.startDate, employment.endDate ?? null))
  return {
    id: employment.id,
    employerId,
    employeeId: employment.employee.id,
    startDate: employment.startDate,
    endDate: textOf(employment.endDate),
    historicalStartDate: textOf(employment.historicalStartDate),
    // The tax authorities' reason is the main one since 2020; Loket asks users to set the old
    // field to 8 ("Overig"), so it only counts where the new one is empty.
    endReason: codeOf(employment.endOfEmploymentReasonTaxAuthorities) ?? codeOf(employment.endOfEmploymentReason),
    endedDueToIllness: employment.endOfEmploymentDueToIllness ?? null,
    contractType: toContractType(employment.employmentDurationType, employment.isOnCallEmployment),
    isDirectorMajorShareholder: employment.isDirectorAndMajorShareholder ?? null,
    payrollId: textOf(employment.payrollId),
    incomeRelationshipNumber: textOf(employment.incomeRelationshipNumber),
    payrollAdministrationId: textOf(employment.payrollAdministration?.id),
    job: entity ? toJob(entity) : null,
    department: entity?.department
      ? { code: textOf(entity.department.code), name: textOf(entity.department.description) }
      : null,
  }
}

/** The reference date, clamped into the employment: a future hire or a leaver is read at its own edge. */
function effectiveDate(referenceDate: string, startDate: string, endDate: string | null): string {
  if (referenceDate < startDate) return startDate
  if (endDate !== null && endDate < referenceDate) return endDate
  return referenceDate
}

/** The entity in force on `date`; else the last one started before it; else the first. */
function effectiveEntity(chain: LoketRawOrganizationalEntity[], date: string): LoketRawOrganizationalEntity | null {
  const sorted = [...chain].sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0))
  const started = sorted.filter((entity) => entity.startDate <= date)
  const current = started.find((entity) => !entity.endDate || entity.endDate >= date)
  return current ?? started.at(-1) ?? sorted[0] ?? null
}

/** Loket's function has no code of its own; the standard (CBS) function code is the closest. */
function toJob(entity: LoketRawOrganizationalEntity): Employment['job'] {
  const title = textOf(entity.deviatingFunctionDescription) ?? textOf(entity.function?.description)
  const code = textOf(entity.standardFunction?.code)
  return title === null && code === null ? null : { code, title }
}
