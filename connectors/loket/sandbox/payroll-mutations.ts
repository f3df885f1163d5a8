import { calculateResult, currentResults, sandboxComponents, type SandboxPayroll, type SandboxPayrollRun } from './payroll-state.js'
import type { PayrollRunApproval, PayrollRunOptions, SandboxDataset, SandboxPayrollMutations } from './sandbox-types.js'
import { touchEmployment } from './version-clock.js'

/**
 * The payroll edits of the sandbox: approving a run (the next period, plus an optional
 * retroactive correction of an earlier one, as a Loket July run may correct January),
 * removing a run, and removing a wage record. Payroll runs bump no version number (Loket's
 * numbers do not cover payroll data); a removed wage does (it is employment data).
 */
export function createPayrollMutations(data: SandboxDataset, now: () => number, nextId: () => string): SandboxPayrollMutations {
  const payrollOf = (employerId: string): SandboxPayroll => {
    const payroll = [...data.payroll.values()].find((candidate) => candidate.employerId === employerId)
    if (!payroll) throw new Error(`unknown employer ${employerId}`)
    return payroll
  }
  /** Strictly after every time the payroll already shows, so a cursor on these times never misses one. */
  const stamp = (payroll: SandboxPayroll): string => {
    const latest = Math.max(0, ...payroll.runs.flatMap((run) => [Date.parse(run.approvalTime), run.removeTime ? Date.parse(run.removeTime) : 0]))
    return new Date(Math.max(now(), latest + 1)).toISOString()
  }
  return {
    approvePayrollRun(employerId: string, options: PayrollRunOptions = {}): PayrollRunApproval {
      const payroll = payrollOf(employerId)
      const regular = payroll.periods.filter((candidate) => !candidate.testYear)
      const latest = Math.max(0, ...payroll.runs.filter((run) => run.removeTime === null).map((run) => run.year * 100 + run.periodNumber)
        .filter((id) => regular.some((candidate) => candidate.id === id)))
      const period = regular.find((candidate) => candidate.id > latest)
      if (!period) throw new Error(`employer ${employerId} has no open payroll period`)
      const employments = [...data.employments.values()].filter((entry) => entry.employerId === employerId)
      const results = employments.map((employment) => calculateResult(employment, period)).filter((result) => result !== null)
      let corrected: PayrollRunApproval['corrected'] = null
      const correction = options.correction === undefined ? { year: period.year, periodNumber: 1, percent: 2 } : options.correction
      if (correction !== null && !(correction.year === period.year && correction.periodNumber === period.periodNumber)) {
        const earlier = currentResults(payroll, correction.year, correction.periodNumber)
          .filter((result) => correction.employmentId === undefined || result.employmentId === correction.employmentId)
        const target = earlier[0]
        if (target) {
          const factor = 1 + (correction.percent ?? 2) / 100
          results.push({
            ...target,
            values: target.values.map(([key, value, special]) => [key, key === sandboxComponents.salary.key ? Math.round(value * factor * 100) / 100 : value, special]),
          })
          corrected = { year: correction.year, periodNumber: correction.periodNumber, employmentId: target.employmentId }
        }
      }
      const time = stamp(payroll)
      const run: SandboxPayrollRun = {
        id: nextId(), year: period.year, periodNumber: period.periodNumber, sequenceNumber: payroll.runs.length + 1,
        requestTime: time, approvalTime: time, removeTime: null, results,
      }
      payroll.runs.push(run)
      return { payrollRunId: run.id, year: period.year, periodNumber: period.periodNumber, corrected }
    },
    removePayrollRun(payrollRunId: string): void {
      for (const payroll of data.payroll.values()) {
        const run = payroll.runs.find((candidate) => candidate.id === payrollRunId)
        if (!run) continue
        if (run.removeTime === null) run.removeTime = stamp(payroll)
        return
      }
      throw new Error(`unknown payroll run ${payrollRunId}`)
    },
    removeWage(employmentId: string, wageId?: string): string {
      const entry = data.employments.get(employmentId)
      if (!entry) throw new Error(`unknown employment ${employmentId}`)
      const index = wageId === undefined ? entry.wages.length - 1 : entry.wages.findIndex((wage) => wage.id === wageId)
      const removed = entry.wages[index]
      if (!removed) throw new Error(`employment ${employmentId} has no such wage`)
      entry.wages.splice(index, 1)
      // The record before a removed last one runs on again, as in Loket.
      const previous = entry.wages[index - 1]
      if (previous && index === entry.wages.length) previous.endDate = removed.endDate
      touchEmployment(data, employmentId)
      return removed.id
    },
  }
}
