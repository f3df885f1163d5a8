/** The sandbox's payroll data: administrations' periods, approved runs and their results. */

/** One employment's result of one period in one run: `[componentKey, value, valueSpecialTariff]`. */
export interface SandboxPayrollResult {
  employmentId: string
  year: number
  periodNumber: number
  values: Array<[number, number, number]>
}

export interface SandboxPayrollRun {
  id: string
  year: number
  periodNumber: number
  sequenceNumber: number
  requestTime: string
  approvalTime: string
  removeTime: string | null
  results: SandboxPayrollResult[]
}

export interface SandboxPayrollPeriod {
  id: number
  year: number
  periodNumber: number
  startDate: string
  endDate: string
  testYear: boolean
}

/** One payroll administration's periods and approved runs (monthly periods). */
export interface SandboxPayroll {
  administrationId: string
  employerId: string
  periods: SandboxPayrollPeriod[]
  runs: SandboxPayrollRun[]
}
