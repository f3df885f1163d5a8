import type { Hono } from 'hono'
import type { HttpBindings } from '@hono/node-server'
import type {
  LoketAddress, LoketChild, LoketEmployee, LoketPartner, LoketEmployer, LoketEmploymentCore, LoketOrganizationalEntity,
  LoketPayrollPeriodData, LoketWage, LoketWorkingHours,
} from './loket-types.js'
import type { FaultControls, RequestLogEntry } from './fault-controls.js'
import type { OAuthControls } from './oauth-state.js'
import type { Rng } from './create-rng.js'
import type { SandboxPayroll } from './payroll-types.js'
import type { SandboxFilterControls } from './user-filter-types.js'
import type { SandboxNoticeControls } from './upstream-notices.js'

/** Options of {@link createLoketSandbox}; every field has a default. */
export interface SandboxOptions {
  /** PRNG seed: the same seed gives the same dataset (ids, names, BSNs, wages). Default 1. */
  seed?: number
  /** Number of employers. Default 1. */
  employers?: number
  /** Employees per employer (some have two employments). Default 25. */
  employeesPerEmployer?: number
  /** Default 'koppel-sandbox'. */
  clientId?: string
  /** Default 'sandbox-secret'. */
  clientSecret?: string
  /** Skip the consent page: `/authorize` redirects with a code at once. Default false. */
  autoApprove?: boolean
  /** A used refresh token becomes invalid (`invalid_grant` on reuse). Default true. */
  rotateRefreshTokens?: boolean
  /** `expires_in` of access tokens; they really expire. Default 3599. */
  accessTokenTtlSeconds?: number
  /** Added latency per API request. Default 0. */
  latencyMs?: number
  /** Largest `pageSize` honoured; larger requests are clamped (the envelope says so). Default 1000. */
  maxPageSize?: number
  /** Clock for token expiry and code lifetime (tests may pass a fake). Default Date.now. */
  now?: () => number
}

/** Per-employer reference data the generator draws from (not served as such). */
export interface EmployerCatalog {
  payrollAdministration: { id: string; name: string; description: string; clientNumber: number }
  departments: { key: string; code: number; description: string }[]
  functions: { key: string; description: string; group: string | null }[]
  distributionUnit: { key: string; code: number; description: string }
  /** The administration's loonheffingennummer (served on the payroll administration as `payrollTaxesNumber`). */
  payrollTaxesNumber: string
}

export interface SandboxEmployer {
  employer: LoketEmployer
  catalog: EmployerCatalog
  /** Bumped by a change of the employer or of anything under it (employments, employees). */
  lastModifiedVersionNumber: number
}

export interface SandboxEmployee {
  employerId: string
  employee: LoketEmployee
  /** Only served through `/citizenservicenumber`. Nine digits, may start with 0. */
  bsn: string | null
  /** Current and past partners, oldest first; served per employee and (current ones) per employment. */
  partners: LoketPartner[]
  children: LoketChild[]
}

export interface SandboxEmployment {
  employerId: string
  employeeId: string
  employment: LoketEmploymentCore
  lastModifiedVersionNumber: number
  /** Effective-dated chains, oldest first, without overlap. */
  wages: LoketWage[]
  workingHours: LoketWorkingHours[]
  organizationalEntities: LoketOrganizationalEntity[]
  /** Variable data: changes here do NOT bump version numbers (like Loket). */
  payrollPeriodData: LoketPayrollPeriodData[]
}

/** The in-memory dataset. Maps keep insertion order, so "employee 0 of employer 0" is stable. */
export interface SandboxDataset {
  employers: Map<string, SandboxEmployer>
  employees: Map<string, SandboxEmployee>
  employments: Map<string, SandboxEmployment>
  /** The global, never decreasing version counter (last number handed out). */
  versionCounter: { current: number }
  /** Payroll periods and runs by payroll administration id (payroll-state.ts). */
  payroll: Map<string, SandboxPayroll>
}

/** Options of {@link SandboxMutations.approvePayrollRun}. */
export interface PayrollRunOptions {
  /** A retroactive correction in the same run: the salary (component 70) of one earlier period, one employment. Default: January of the run's year, +2%; null: none. */
  correction?: { year: number; periodNumber: number; percent?: number; employmentId?: string } | null
}

export interface PayrollRunApproval {
  payrollRunId: string
  year: number
  periodNumber: number
  /** The period and employment corrected, or null. */
  corrected: { year: number; periodNumber: number; employmentId: string } | null
}

/** What the generator needs to make one employee of an employer. */
export interface EmployeeInput {
  employerId: string
  catalog: EmployerCatalog
  employeeNumber: number
  referenceDate: string
}

export interface GeneratedEmployee {
  employee: LoketEmployee
  bsn: string | null
  employments: SandboxEmployment[]
}

export interface RaiseSalaryOptions {
  /** Default 3. */
  percent?: number
  /** Start of the new wage record (YYYY-MM-DD). Default: first day of next month. */
  startDate?: string
}

export interface HireOverrides {
  firstName?: string
  lastName?: string
  prefix?: string | null
  startDate?: string
  bsn?: string
  grossWage?: number
  hoursPerWeek?: number
}

export interface HireResult {
  employeeId: string
  employmentId: string
}

/** The edits a payroll administrator makes in Loket; each bumps version numbers like Loket does. */
export interface SandboxMutations {
  changeAddress(employeeId: string, partial?: Partial<LoketAddress>): void
  raiseSalary(employmentId: string, options?: RaiseSalaryOptions): void
  hire(employerId: string, overrides?: HireOverrides): HireResult
  terminate(employmentId: string, endDate: string, reason?: string): void
  removeEmployee(employeeId: string): void
  setBsn(employeeId: string, bsn: string | null): void
  /** A change of the employer's own data: bumps no version number (Loket's employer number follows its employments). */
  renameEmployer(employerId: string, companyName: string): void
  /** Adds a payroll-period-data record; bumps no version number (variable data). */
  addPayrollPeriodData(employmentId: string): void
  /** A new partner (the partnership starts `startDate`, default today); employee data, so it bumps the employee's numbers. */
  addPartner(employeeId: string, overrides?: RelativeOverrides & { startDate?: string }): string
  /** Ends a partnership on `endDate` (default today): the partner stays in the history with its end date. */
  endPartner(partnerId: string, endDate?: string): void
  addChild(employeeId: string, overrides?: RelativeOverrides): string
  /** Removes a partner from the employee's history (a record entered by mistake): gone from every list, unlike an ended partnership. */
  removePartner(partnerId: string): void
  /** Removes a child from the employee's list. */
  removeChild(childId: string): void
}

export interface RelativeOverrides {
  firstName?: string
  lastName?: string
  dateOfBirth?: string
}

/** The payroll edits (payroll-mutations.ts). */
export interface SandboxPayrollMutations {
  /** Approves a payroll run for the employer's next open period (all employments), with an optional retroactive correction. No version bump. */
  approvePayrollRun(employerId: string, options?: PayrollRunOptions): PayrollRunApproval
  /** Removes an approved payroll run: its results leave the periods' current state. */
  removePayrollRun(payrollRunId: string): void
  /** Removes a wage record (default the latest) from an employment's chain; returns its id. */
  removeWage(employmentId: string, wageId?: string): string
}

/** The Dutch names of the Loket rights ("rechten") the sandbox can withhold. */
export type LoketRightName =
  | 'Beheren en raadplegen BSN'
  | 'Raadplegen beloningen'
  | 'Raadplegen dienstverbanden'
  | 'Raadplegen HRM'
  | 'Raadplegen loonoutput beperkt'
  | 'Raadplegen variabele gegevens'

export interface LoketSandbox extends SandboxMutations, SandboxPayrollMutations, SandboxFilterControls, SandboxNoticeControls {
  /** OAuth at the root (`/authorize`, `/token`), the API under `/v2`. */
  app: Hono<{ Bindings: HttpBindings }>
  data: SandboxDataset
  oauth: OAuthControls
  faults: FaultControls
  /** Every request that reached the app (after OAuth and API routing), oldest first. */
  requests: RequestLogEntry[]
  /** Latency added to each `/v2` request, settable at any time. */
  latencyMs: number
  /** Allow or withhold a right; withheld rights make the matching endpoints answer 403. */
  setRight(name: LoketRightName, allowed: boolean): void
  rights: ReadonlyMap<LoketRightName, boolean>
  /** Applies one random edit through the helpers above and describes it (no personal data). */
  randomEdit(rng: Rng): string
}

export interface StartedLoketSandbox extends LoketSandbox {
  url: string
  /** `url + '/v2'` */
  apiBaseUrl: string
  /** `url` (the OAuth endpoints are at the root) */
  oauthBaseUrl: string
  close(): Promise<void>
}
