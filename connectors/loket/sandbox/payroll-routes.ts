import { Hono } from 'hono'
import type { HttpBindings } from '@hono/node-server'
import { checkRight, notFound, respondList, type ApiContext } from './api-responses.js'
import { currentResults, groupResults, serializeResultGroup, type SandboxPayroll, type SandboxPayrollResult, type SandboxPayrollRun } from './payroll-state.js'

/** Payroll administrations, their periods and runs, and the results per period and per run. */
export function payrollRoutes(api: ApiContext): Hono<{ Bindings: HttpBindings }> {
  const app = new Hono<{ Bindings: HttpBindings }>()
  const { data } = api
  const administration = (id: string | undefined): SandboxPayroll | undefined => (id === undefined ? undefined : data.payroll.get(id))
  // A removed employee takes its employments' results along.
  const existing = (results: readonly SandboxPayrollResult[]) => results.filter((result) => data.employments.has(result.employmentId))

  app.get('/providers/employers/:employerId/payrolladministrations', (c) => {
    const denied = checkRight(c, api, 'GetPayrollAdministrationsByEmployerId')
    if (denied) return denied
    const employer = data.employers.get(c.req.param('employerId'))
    if (!employer) return notFound(c, 'payrollAdministrations', 'Employer')
    const { id, name, description, clientNumber } = employer.catalog.payrollAdministration
    return respondList(c, api, 'payrollAdministrations', [{
      id, name, description, clientNumber, payrollTaxesNumber: employer.catalog.payrollTaxesNumber, startDate: '2005-01-01', endDate: null,
      payrollPeriodType: { key: 1, value: 'Maand' },
    }])
  })

  app.get('/providers/employers/payrolladministrations/:administrationId/payrollperiods', (c) => {
    const denied = checkRight(c, api, 'GetPayrollPeriodsByPayrollAdministrationId')
    if (denied) return denied
    const payroll = administration(c.req.param('administrationId'))
    if (!payroll) return notFound(c, 'payrollPeriods', 'Payroll administration')
    return respondList(c, api, 'payrollPeriods', payroll.periods.map((period) => ({
      id: period.id, year: period.year, periodNumber: period.periodNumber, startDate: period.startDate, endDate: period.endDate,
      testYear: period.testYear, payrollPeriodType: { key: 1, value: 'Maand' },
      payrollRuns: payroll.runs.filter((run) => run.year === period.year && run.periodNumber === period.periodNumber && run.removeTime === null)
        .map((run) => ({ id: run.id, sequenceNumber: run.sequenceNumber, sequenceNumberApproved: run.sequenceNumber, payrollRunStatus: approved, journalRuns: [] })),
    })))
  })

  app.get('/providers/employers/payrolladministrations/:administrationId/payrollruns', (c) => {
    const denied = checkRight(c, api, 'GetPayrollRunsByPayrollAdministrationId')
    if (denied) return denied
    const payroll = administration(c.req.param('administrationId'))
    if (!payroll) return notFound(c, 'payrollRuns', 'Payroll administration')
    return respondList(c, api, 'payrollRuns', payroll.runs.map(serializeRun))
  })

  app.get('/providers/employers/payrolladministrations/payrollruns/:payrollRunId/results', (c) => {
    const denied = checkRight(c, api, 'GetPayrollRunResultsByPayrollRunId')
    if (denied) return denied
    const id = c.req.param('payrollRunId')
    for (const payroll of data.payroll.values()) {
      const run = payroll.runs.find((candidate) => candidate.id === id)
      if (run && run.removeTime === null) return respondList(c, api, 'payrollPeriodResults', groupResults(existing(run.results)), serializeResultGroup(payroll))
    }
    return notFound(c, 'payrollPeriodResults', 'Payroll run')
  })

  app.get('/providers/employers/payrolladministrations/:administrationId/payrollperiods/:payrollPeriodId/payrollresults', (c) => {
    const denied = checkRight(c, api, 'GetPayrollPeriodResultsByPayrollAdministrationIdAndPayrollPeriodId')
    if (denied) return denied
    const payroll = administration(c.req.param('administrationId'))
    if (!payroll) return notFound(c, 'payrollPeriodResults', 'Payroll administration')
    const period = payroll.periods.find((candidate) => String(candidate.id) === c.req.param('payrollPeriodId'))
    if (!period) return notFound(c, 'payrollPeriodResults', 'Payroll period')
    return respondList(c, api, 'payrollPeriodResults', groupResults(existing(currentResults(payroll, period.year, period.periodNumber))), serializeResultGroup(payroll))
  })
  return app
}

const approved = { key: 9, value: 'Verloning goedgekeurd.' }
const approver = { id: '0b6f1a8e-2c1d-4e55-9a77-5a1b2c3d4e5f', formattedName: 'Salarisadministratie', initials: 'S.', prefix: null, lastName: 'Administratie' }

function serializeRun(run: SandboxPayrollRun): unknown {
  return {
    id: run.id, payrollPeriod: { year: run.year, periodNumber: run.periodNumber }, payrollRunStatus: approved,
    sequenceNumber: run.sequenceNumber, sequenceNumberApproved: run.sequenceNumber, methodOfCreation: { key: 1, value: 'Handmatig' },
    requestTime: run.requestTime, requestedBy: approver, processingFinishedTime: run.requestTime, approvalTime: run.approvalTime, approvedBy: approver,
    availableForEmployeeDate: run.approvalTime.slice(0, 10), removeTime: run.removeTime, removedBy: run.removeTime === null ? null : approver,
    errorsAndWarnings: { hasErrors: false, hasWarnings: false }, sendEmailToEmployee: false, textPaySlip: null, textPayment: null, textTariffPaySlip: null,
  }
}
