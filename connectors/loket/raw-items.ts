import type { RawPage } from 'koppel/sdk'

/**
 * The raw pages the Loket connector's `fetch` yields and its `normalize` reads. Each item
 * carries everything normalize needs, so normalize stays pure and page-local.
 */
export const loketPageTypes = {
  /** Items: {@link RawEmployerItem} (exactly one). */
  employer: 'employer',
  /** Items: {@link RawEmployeeItem}. */
  employees: 'employees',
  /** Items: {@link RawEmploymentItem}. */
  employments: 'employments',
  /** Items: {@link RawWageItem}. */
  wages: 'wages',
  /** Items: {@link RawWorkingHoursItem}. */
  workingHours: 'working_hours',
  /** Items: {@link RawPayrollResultItem}; claims the periods it completes (`complete`). */
  payrollResults: 'payroll_results',
  /** Items: {@link RawPartnerItem}. */
  partners: 'partners',
  /** Items: {@link RawChildItem}. */
  children: 'children',
  /** No items; carries the new `cursor`. Always the last page of a complete fetch. */
  cursor: 'cursor',
} as const

/** Every page the Loket `fetch` yields; `normalize` narrows on `type`. */
export type LoketPage =
  | RawPage<typeof loketPageTypes.employer, RawEmployerItem>
  | RawPage<typeof loketPageTypes.employees, RawEmployeeItem>
  | RawPage<typeof loketPageTypes.employments, RawEmploymentItem>
  | RawPage<typeof loketPageTypes.wages, RawWageItem>
  | RawPage<typeof loketPageTypes.workingHours, RawWorkingHoursItem>
  | RawPage<typeof loketPageTypes.payrollResults, RawPayrollResultItem>
  | RawPage<typeof loketPageTypes.partners, RawPartnerItem>
  | RawPage<typeof loketPageTypes.children, RawChildItem>
  | RawPage<typeof loketPageTypes.cursor, never>

export interface RawEmployerItem {
  /** `content` of GET /providers/employers/{employerId}. */
  employer: unknown
  /** `_embedded` of GET /providers/employers/{employerId}/payrolladministrations (empty if not readable). */
  payrollAdministrations: unknown[]
}

export interface RawEmployeeItem {
  /** An employee list item or detail `content` (same shape). */
  employee: unknown
  /** From /citizenservicenumber; null when Loket has none or `fetch_bsn` is off. */
  bsn: string | null
}

export interface RawEmploymentItem {
  employment: unknown
  /** The employment's whole organizational entity chain (department, function). */
  organizationalEntities: unknown[]
  /**
   * The date (YYYY-MM-DD, fetch's local day) on which job and department are read from
   * the chain; fetch supplies it so normalize needs no clock.
   */
  referenceDate: string
}

export interface RawWageItem {
  employmentId: string
  wage: unknown
}

export interface RawWorkingHoursItem {
  employmentId: string
  workingHours: unknown
}

export interface RawPayrollResultItem {
  /** The administration whose period results these are (GUID). */
  payrollAdministrationId: string
  /** One `_embedded` entry of GetPayrollPeriodResultsByPayrollAdministrationIdAndPayrollPeriodId: `{employmentId, payrollPeriods}`. */
  result: unknown
}

/** A partner of an employee (current or past); fetch resolves the employee (see fetch-people.ts). */
export interface RawPartnerItem {
  employeeId: string
  partner: unknown
}

/** A child of an employee; fetch resolves the employee (see fetch-people.ts). */
export interface RawChildItem {
  employeeId: string
  child: unknown
}
