import type { Rng } from './create-rng.js'
import type { EmployerCatalog, SandboxEmployment } from './sandbox-types.js'
import type { LoketEmploymentCore, LoketMetadata } from './loket-types.js'
import * as meta from './loket-metadata.js'
import { buildWage, buildWorkingHours, buildOrganizationalEntity } from './build-chains.js'
import { addYears, firstOfMonth } from './sandbox-dates.js'

export interface EmploymentSeed {
  id: string
  employerId: string
  employeeId: string
  catalog: EmployerCatalog
  payrollId: number
  incomeRelationshipNumber: number
  startDate: string
  endDate?: string | null
  endReason?: LoketMetadata | null
  onCall?: boolean
  definite?: boolean
  namePayslip: string
  referenceDate: string
  /** Hourly (true) or periodic monthly wage. */
  hourly?: boolean
  grossWage?: number
  hoursPerWeek?: number
  fullTimeHoursPerWeek?: number
  /** Append a raise that starts after the reference date. */
  futureRaise?: boolean
}

/** An employment with wage, working-hours and organizational-entity chains; version 0 (the caller stamps it). */
export function buildEmployment(rng: Rng, seed: EmploymentSeed): SandboxEmployment {
  const endDate = seed.endDate ?? null
  const onCall = seed.onCall ?? false
  const definite = seed.definite ?? (!onCall && rng.chance(0.2))
  const employment: LoketEmploymentCore = {
    id: seed.id,
    payrollId: seed.payrollId,
    incomeRelationshipNumber: seed.incomeRelationshipNumber,
    startDate: seed.startDate,
    endDate,
    historicalStartDate: rng.chance(0.1) ? addYears(seed.startDate, -rng.int(1, 5)) : null,
    startDateContractOfIndefiniteDuration: definite ? null : seed.startDate,
    typeOfEmployee: meta.typeOfEmployee,
    employmentContractType: meta.employmentContractType,
    employmentDurationType: definite ? meta.employmentDurationType.definite : meta.employmentDurationType.indefinite,
    employmentCategoryType: meta.employmentCategoryType,
    payrollAdministration: { ...seed.catalog.payrollAdministration },
    nonPayrollAdministration: null,
    endOfEmploymentReason: endDate ? (seed.endReason ?? rng.pick(meta.endOfEmploymentReasons)) : null,
    endOfEmploymentReasonTaxAuthorities: null,
    endOfEmploymentDueToIllness: endDate ? false : null,
    cancellationPeriodEmployee: 1,
    cancellationPeriodEmployer: definite ? 1 : rng.int(1, 3),
    cancellationPeriodTimeUnit: meta.monthsTimeUnit,
    cancellationNoticeDate: null,
    startCancellationNoticePeriod: null,
    isOnCallEmployment: onCall,
    hasOnCallAppearanceObligation: onCall ? rng.chance(0.5) : null,
    writtenEmploymentContract: true,
    namePayslip: seed.namePayslip.slice(0, 34),
    linkedEmployment: null,
    calculateWorkingHours: true,
    commissionUntilDate: definite ? (endDate ?? addYears(seed.startDate, 1)) : null,
    commissionUntilDate1: null, commissionUntilDate2: null, commissionUntilDate3: null,
    commissionUntilDate4: null, commissionUntilDate5: null, commissionUntilDate6: null,
    deviatingCLAExternalParty: null,
    deviatingCLATaxReturn: null,
    emailLeaveRequest: null,
    employeeProfileId: null,
    essMutationSet: meta.essMutationSet,
    exemptionInsuranceObligation: meta.noInsuranceException,
    exemptionPremiumWaiverMarginalLabour: false,
    exemptionWorkRelatedExpenseScheme: false,
    firstDayNotification: false,
    isAnonymousEmployee: false,
    isDirectorAndMajorShareholder: false,
    isFamilyOfOwner: false,
    isGemoedsbezwaardEmployeeInsurance: false,
    isGemoedsbezwaardNationalInsurance: false,
    isPreviousOwner: false,
    participation55plusRegulationUWV: false,
    periodPayGradeAdjustment: null,
    professionCode: null,
    sendToExternalParty: null,
    signalPayGradeAdjustment: false,
    specialIncomeRatio: null,
    temporaryTaxExemption: meta.noTaxExemption,
    typeOfParticipation: null,
    vacationCoupons: null,
    valueOfParticipation: null,
    wachtgeldOldRegulation: false,
  }
  const hourly = seed.hourly ?? (onCall || rng.chance(0.25))
  const fullTime = seed.fullTimeHoursPerWeek ?? rng.pick([36, 38, 40, 40])
  const hours = seed.hoursPerWeek ?? (onCall ? 0 : rng.chance(0.5) ? fullTime : rng.pick([16, 20, 24, 28, 32]))
  let amount = seed.grossWage ?? (hourly ? rng.int(1400, 3500) / 100 : rng.int(2400, 6500))
  // Yearly raises on 1 January since the start, at most two of them in the chain.
  const wages = []
  let wageStart = seed.startDate
  const raiseYears = Math.min(2, Math.max(0, Number(seed.referenceDate.slice(0, 4)) - Number(seed.startDate.slice(0, 4))))
  for (let i = raiseYears; i > 0; i--) {
    const raiseDate = `${Number(seed.referenceDate.slice(0, 4)) - i + 1}-01-01`
    if (raiseDate <= wageStart || (endDate && raiseDate > endDate)) continue
    wages.push(buildWage(rng, { start: wageStart, end: null, amount, hourly }))
    wageStart = raiseDate
    amount = Math.round(amount * (1 + rng.int(15, 40) / 1000) * 100) / 100
  }
  wages.push(buildWage(rng, { start: wageStart, end: null, amount, hourly }))
  if (seed.futureRaise && !endDate) {
    const raiseDate = firstOfMonth(seed.referenceDate, rng.int(1, 3))
    wages.push(buildWage(rng, { start: raiseDate, end: null, amount: Math.round(amount * 103) / 100, hourly }))
  }
  for (let i = 0; i < wages.length - 1; i++) {
    const current = wages[i]
    const following = wages[i + 1]
    if (current && following) current.endDate = dayBefore(following.startDate)
  }
  const last = wages[wages.length - 1]
  if (last && endDate) last.endDate = endDate
  const workingHours = [buildWorkingHours(rng, { start: seed.startDate, end: endDate, hours, fullTime, onCall })]
  const organizationalEntities = [buildOrganizationalEntity(rng, { start: seed.startDate, end: endDate, catalog: seed.catalog })]
  return {
    employerId: seed.employerId, employeeId: seed.employeeId, employment,
    lastModifiedVersionNumber: 0, wages, workingHours, organizationalEntities, payrollPeriodData: [],
  }
}

export function dayBefore(date: string): string {
  const value = new Date(`${date}T00:00:00Z`)
  value.setUTCDate(value.getUTCDate() - 1)
  return value.toISOString().slice(0, 10)
}
