import type { SandboxPayroll, SandboxPayrollPeriod, SandboxPayrollResult, SandboxPayrollRun } from './payroll-types.js'
import type { SandboxDataset, SandboxEmployment } from './sandbox-types.js'

export type { SandboxPayroll, SandboxPayrollPeriod, SandboxPayrollResult, SandboxPayrollRun } from './payroll-types.js'

/** Payroll components the sandbox calculates (Loket keys; 1 counts hours, the others are euros). */
export const sandboxComponents = {
  hours: { key: 1, value: 'Uren gewerkt', category: { key: 1, value: 'Uren' }, column: { key: 6, value: 'Sociaalplichtig loon' }, costsEmployer: null },
  salary: { key: 70, value: 'Salaris', category: { key: 2, value: 'Loon' }, column: { key: 6, value: 'Sociaalplichtig loon' }, costsEmployer: { key: 1, value: '+' } },
  pension: { key: 151, value: 'Pensioen wn', category: { key: 5, value: 'Inhouding' }, column: { key: 8, value: 'Pensioen' }, costsEmployer: { key: 2, value: '-' } },
} as const

const componentsByKey = new Map<number, (typeof sandboxComponents)[keyof typeof sandboxComponents]>(Object.values(sandboxComponents).map((component) => [component.key, component]))

export function monthPeriod(year: number, periodNumber: number, testYear: boolean): SandboxPayrollPeriod {
  const startDate = new Date(Date.UTC(year, periodNumber - 1, 1)).toISOString().slice(0, 10)
  const endDate = new Date(Date.UTC(year, periodNumber, 0)).toISOString().slice(0, 10)
  return { id: year * 100 + periodNumber, year, periodNumber, startDate, endDate, testYear }
}

/** What the calculation gives for an employment in a period, from its wage and hours chains; null when it was not employed. */
export function calculateResult(employment: SandboxEmployment, period: SandboxPayrollPeriod): SandboxPayrollResult | null {
  const within = <T extends { startDate: string; endDate: string | null }>(records: T[]): T | undefined =>
    records.find((record) => record.startDate <= period.endDate && (record.endDate === null || record.endDate >= period.startDate))
  const { startDate, endDate } = employment.employment
  if (startDate > period.endDate || (endDate !== null && endDate < period.startDate)) return null
  const wage = within(employment.wages)
  if (!wage) return null
  const hours = within(employment.workingHours)
  const weekly = hours?.aggregatedHoursPerWeek ?? hours?.averageHoursPerWeek ?? 0
  const monthlyHours = Math.round(weekly * 4.33 * 100) / 100
  const gross = wage.grossWageType?.key === 2 ? Math.round((wage.grossWage ?? 0) * monthlyHours * 100) / 100 : wage.grossWage ?? 0
  return {
    employmentId: employment.employment.id, year: period.year, periodNumber: period.periodNumber,
    values: [[1, monthlyHours, 0], [70, gross, 0], [151, Math.round(gross * -4.5) / 100, 0]],
  }
}

/** The current state of a period: per employment, the result of the latest run (not removed) that has one. */
export function currentResults(payroll: SandboxPayroll, year: number, periodNumber: number): SandboxPayrollResult[] {
  const byEmployment = new Map<string, SandboxPayrollResult>()
  const runs = payroll.runs.filter((run) => run.removeTime === null).sort((a, b) => a.sequenceNumber - b.sequenceNumber)
  for (const run of runs) {
    for (const result of run.results) if (result.year === year && result.periodNumber === periodNumber) byEmployment.set(result.employmentId, result)
  }
  return [...byEmployment.values()]
}

/** Results grouped per employment, in first-seen order: one served item each (`serializeResultGroup`). */
export function groupResults(results: readonly SandboxPayrollResult[]): Array<[employmentId: string, results: SandboxPayrollResult[]]> {
  const byEmployment = new Map<string, SandboxPayrollResult[]>()
  for (const result of results) {
    const list = byEmployment.get(result.employmentId)
    if (list) list.push(result)
    else byEmployment.set(result.employmentId, [result])
  }
  return [...byEmployment]
}

/** Loket's results shape (`{employmentId, payrollPeriods[…]}`) of one employment's group. */
export function serializeResultGroup(payroll: SandboxPayroll): (group: [string, readonly SandboxPayrollResult[]]) => unknown {
  const periods = new Map(payroll.periods.map((period) => [`${period.year}-${period.periodNumber}`, period]))
  return ([employmentId, list]) => ({
    employmentId,
    payrollPeriods: list.map((result) => {
      const period = periods.get(`${result.year}-${result.periodNumber}`) ?? monthPeriod(result.year, result.periodNumber, false)
      return {
        payrollPeriod: { year: period.year, periodNumber: period.periodNumber, periodStartDate: period.startDate, periodEndDate: period.endDate, testYear: period.testYear },
        payslipTypes: [{
          payslipType: { key: 1, value: 'Normaal strook' },
          payrollComponentResults: result.values.map(([key, value, valueSpecialTariff]) => {
            const component = componentsByKey.get(key)!
            // Served as JSON at once: the shared component objects are never mutated.
            return { payrollComponent: component, value, valueSpecialTariff }
          }),
        }],
      }
    }),
  })
}

/**
 * The payroll of every employer: monthly periods from last year to the year after next (a
 * test year), one approved run per ended period, and one run in the test year.
 * Runs are approved the day after their period ends, never later than two hours ago.
 */
export function generatePayroll(data: SandboxDataset, now: number, nextId: () => string): Map<string, SandboxPayroll> {
  const referenceDate = new Date(now).toISOString().slice(0, 10)
  const payrolls = new Map<string, SandboxPayroll>()
  const year = Number(referenceDate.slice(0, 4))
  for (const [employerId, employer] of data.employers) {
    const payroll: SandboxPayroll = { administrationId: employer.catalog.payrollAdministration.id, employerId, periods: [], runs: [] }
    for (const y of [year - 1, year, year + 1, year + 2]) for (let p = 1; p <= 12; p++) payroll.periods.push(monthPeriod(y, p, y === year + 2))
    const employments = [...data.employments.values()].filter((entry) => entry.employerId === employerId)
    const run = (period: SandboxPayrollPeriod, approvalTime: string) => {
      payroll.runs.push({
        id: nextId(), year: period.year, periodNumber: period.periodNumber, sequenceNumber: payroll.runs.length + 1,
        requestTime: approvalTime, approvalTime, removeTime: null,
        results: employments.map((employment) => calculateResult(employment, period)).filter((result) => result !== null),
      })
    }
    let last = `${year - 1}-01-01T00:00:00.000Z`
    for (const period of payroll.periods) {
      if (period.testYear || period.endDate >= referenceDate) continue
      const day = new Date(Date.parse(`${period.endDate}T09:00:00.000Z`) + 86_400_000).toISOString()
      // Every generated approval lies well in the past, so a run approved "now" is always later.
      if (Date.parse(day) + 2 * 3_600_000 > now) continue
      run(period, (last = day))
    }
    // A test calculation in the test year: served, but never to be synced.
    const testPeriod = payroll.periods.find((period) => period.testYear)
    if (testPeriod) run(testPeriod, new Date(Date.parse(last) + 3_600_000).toISOString())
    payrolls.set(payroll.administrationId, payroll)
  }
  return payrolls
}
