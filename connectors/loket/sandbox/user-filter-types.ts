/** Types of the sandbox's Loket user filter (user-filter.ts), apart so that sandbox-types.ts imports no code. */

/** `content.employmentFilter` of GET /user/filtersettings/{employerId}, field for field as the OpenAPI document has it. */
export interface LoketEmploymentFilter {
  filterOnAdministrations: Array<{ key: string }>
  filterOnDepartments: Array<{ key: string }>
  filterOnEmployedStatus: 'AllEmployments' | 'ActiveEmployments' | 'ActiveAndFutureEmployments' | 'ActiveAndHistoricEmployments'
  filterOnEmploymentCategoryType: Array<{ key: number }>
  /** null: no on-call filter. */
  filterOnOnCallEmployment: boolean | null
}

export const employedStatuses = ['AllEmployments', 'ActiveEmployments', 'ActiveAndFutureEmployments', 'ActiveAndHistoricEmployments'] as const

/** The Loket user's filter settings per employer: what the employer-level employment lists let through. */
export interface SandboxFilterControls {
  /** Replaces the given fields of the employer's filter (the rest stay); `{}` changes nothing. */
  setUserFilter(employerId: string, filter: Partial<LoketEmploymentFilter>): LoketEmploymentFilter
  /** The employer's current filter (default: every employment). */
  userFilter(employerId: string): LoketEmploymentFilter
}
