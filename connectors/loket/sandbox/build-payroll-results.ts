import type { SandboxEmployment } from './sandbox-types.js'

/** Content of GetPayrollPeriodResultsByEmploymentIdAndYear, derived from the wage and hours chains. */
export function buildPayrollResults(employment: SandboxEmployment, year: number, today: string): unknown {
  const payrollPeriods = []
  for (let month = 1; month <= 12; month++) {
    const start = new Date(Date.UTC(year, month - 1, 1)).toISOString().slice(0, 10)
    const end = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10)
    if (start > today) break
    const within = <T extends { startDate: string; endDate: string | null }>(records: T[]): T | undefined =>
      records.find((record) => record.startDate <= end && (record.endDate === null || record.endDate >= start))
    const wage = within(employment.wages)
    const hours = within(employment.workingHours)
    if (!wage || employment.employment.startDate > end) continue
    const weekly = hours?.aggregatedHoursPerWeek ?? hours?.averageHoursPerWeek ?? 0
    const monthlyHours = Math.round(weekly * 4.33 * 100) / 100
    const gross = wage.grossWageType?.key === 2 ? Math.round((wage.grossWage ?? 0) * monthlyHours * 100) / 100 : wage.grossWage ?? 0
    const component = (key: number, value: string, category: string, column: string, amount: number, normHours: boolean) => ({
      payrollComponent: {
        key, value, category: { key: normHours ? 1 : 2, value: category }, column: { key: 6, value: column },
        costsEmployer: { key: 1, value: '+' }, countAsNormHours: normHours, hoursIndication: null,
      },
      value: amount,
      valueSpecialTariff: 0,
    })
    payrollPeriods.push({
      payrollPeriod: { year, periodNumber: month, periodStartDate: start, periodEndDate: end, testYear: false },
      payslipTypes: [{
        payslipType: { key: 1, value: 'Normaal strook' },
        payrollComponentResults: [
          component(1, 'Uren gewerkt', 'Uren', 'Sociaalplichtig loon', monthlyHours, true),
          component(2, 'Salaris', 'Loon', 'Sociaalplichtig loon', gross, false),
        ],
      }],
    })
  }
  return { employmentId: employment.employment.id, payrollPeriods }
}
