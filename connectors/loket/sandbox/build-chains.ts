import type { Rng } from './create-rng.js'
import type { EmployerCatalog } from './sandbox-types.js'
import type {
  LoketOrganizationalEntity, LoketPayrollPeriodData, LoketShift, LoketWage, LoketWeekPattern, LoketWorkingHours,
} from './loket-types.js'
import { grossWageType, payrollPeriodType } from './loket-metadata.js'

/** One wage record (a link of the effective-dated wage chain). */
export function buildWage(rng: Rng, input: { start: string; end: string | null; amount: number; hourly: boolean; fullTimeBasis?: boolean }): LoketWage {
  return {
    id: rng.uuid(),
    startDate: input.start,
    endDate: input.end,
    grossWage: input.amount,
    grossWageType: input.hourly ? grossWageType.hourly : grossWageType.periodic,
    isGrossWageFullTime: input.fullTimeBasis ?? true,
    netWage: null,
    netWageType: null,
    employerCosts: null,
    employerCostsType: null,
    applyPayGrade: false,
    payScale: null,
    payGrade: null,
    payrollPeriodType: payrollPeriodType.month,
  }
}

export function shift(fullTimeHoursPerWeek: number): LoketShift {
  // The spec bounds bonusPercentage to 1..99 (0.01 for shift, 1 for sick-leave rates): 0 is not valid.
  return { shiftNumber: 1, fullTimeHoursPerWeek, bonusPercentage: 1 }
}

function weekPattern(hours: number): LoketWeekPattern {
  const perDay = Math.round((hours / 5) * 100) / 100
  return { monday: perDay, tuesday: perDay, wednesday: perDay, thursday: perDay, friday: perDay, saturday: 0, sunday: 0 }
}

/**
 * A working-hours record. Like Loket: `aggregatedHoursPerWeek` holds the hours that count
 * (null for on-call work), `deviatingHoursPerWeek` the part-time hours (null when full time),
 * `averageParttimeFactor` a percentage (24 of 40 hours → 60), `averageHoursPerWeek` the hours
 * registered for varying contracts (on-call work gets an estimate here).
 */
export function buildWorkingHours(
  rng: Rng, input: { start: string; end: string | null; hours: number; fullTime: number; onCall?: boolean },
): LoketWorkingHours {
  const onCall = input.onCall ?? input.hours === 0
  const partTime = !onCall && input.hours < input.fullTime
  return {
    id: rng.uuid(),
    startDate: input.start,
    endDate: input.end,
    averageHoursPerWeek: onCall ? rng.int(4, 16) : input.hours,
    aggregatedHoursPerWeek: onCall ? null : input.hours,
    averageParttimeFactor: onCall ? null : Math.round((input.hours / input.fullTime) * 10000) / 100,
    deviatingHoursPerWeek: partTime ? input.hours : null,
    deviatingSvDaysPerPeriod: null,
    regularWorkPattern: !onCall,
    shift: shift(input.fullTime),
    shiftRateSickLeave: shift(input.fullTime),
    contractCode: null,
    flexibleHoursContract: onCall ? { key: 3, value: 'Oproepcontract' } : null,
    calculateUsingWorkPattern: {
      leaveHours: true, hoursBrokenPeriod: false, hoursRegularPeriod: false, daysDailyRate: false, deviatingDaysAndHours: false,
    },
    workPattern: !onCall ? { oddWeeks: weekPattern(input.hours), evenWeeks: weekPattern(input.hours) } : null,
  }
}

export function buildOrganizationalEntity(
  rng: Rng, input: { start: string; end: string | null; catalog: EmployerCatalog },
): LoketOrganizationalEntity {
  const department = rng.pick(input.catalog.departments)
  const jobFunction = rng.pick(input.catalog.functions)
  return {
    id: rng.uuid(),
    startDate: input.start,
    endDate: input.end,
    department: { ...department },
    function: { ...jobFunction },
    distributionUnit: { ...input.catalog.distributionUnit },
    standardFunction: null,
    deviatingFunctionDescription: null,
    deviatingFunctionGroup: null,
    placeOfEmployment: null,
    internalTelephoneExtensionNumber: rng.chance(0.3) ? String(rng.int(100, 999)) : null,
  }
}

/** Variable data for one monthly period: worked hours and, sometimes, overtime. */
export function buildPayrollPeriodData(
  rng: Rng, input: { year: number; periodNumber: number; catalog: EmployerCatalog; fullTime: number },
): LoketPayrollPeriodData {
  const start = new Date(Date.UTC(input.year, input.periodNumber - 1, 1))
  const end = new Date(Date.UTC(input.year, input.periodNumber, 0))
  const hoursCategory = { key: 1, value: 'Uren' }
  return {
    id: rng.uuid(),
    payrollPeriod: {
      year: input.year, periodNumber: input.periodNumber,
      periodStartDate: start.toISOString().slice(0, 10), periodEndDate: end.toISOString().slice(0, 10),
    },
    payrollComponents: [{
      payrollComponent: {
        key: rng.chance(0.5) ? 1 : 2, description: rng.chance(0.5) ? 'Uren gewerkt' : 'Overuren 125%',
        category: hoursCategory, deductionOrPayment: { key: 2, value: 'Betaling' }, canBeSupplemented: false,
      },
      value: rng.int(1, 40),
      isSupplement: false,
    }],
    payslipType: { key: 1, value: 'Normaal strook' },
    payslipText: null,
    shift: shift(input.fullTime),
    distributionUnit: { ...input.catalog.distributionUnit },
    costCenter: null,
    costUnit: null,
  }
}
