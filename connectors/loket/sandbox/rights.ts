import type { LoketRightName } from './sandbox-types.js'

export const rightNames: readonly LoketRightName[] = [
  'Beheren en raadplegen BSN', 'Raadplegen beloningen', 'Raadplegen dienstverbanden', 'Raadplegen HRM',
  'Raadplegen loonoutput beperkt', 'Raadplegen variabele gegevens',
]

/** Which right each activity (the spec's operationId) of the sandbox needs; absent = always allowed. */
export const activityRights: Record<string, LoketRightName | undefined> = {
  GetEmployersByUserId: undefined,
  GetEmployerByEmployerId: undefined,
  GetEmployerLastModifiedVersionNumbersByUser: undefined,
  GetAuthorizationsByEmployerId: undefined,
  GetEmployeesByEmployerId: 'Raadplegen HRM',
  GetEmployeeByEmployeeId: 'Raadplegen HRM',
  GetPartnersByEmployeeId: 'Raadplegen HRM',
  GetChildrenByEmployeeId: 'Raadplegen HRM',
  GetActualPartnersByEmployerId: 'Raadplegen HRM',
  GetChildrenByEmployerId: 'Raadplegen HRM',
  GetCitizenServiceNumberByEmployeeId: 'Beheren en raadplegen BSN',
  GetEmploymentsByEmployerId: 'Raadplegen dienstverbanden',
  GetEmploymentByEmploymentId: 'Raadplegen dienstverbanden',
  GetEmploymentLastModifiedVersionNumbersByEmployerId: 'Raadplegen dienstverbanden',
  GetWorkingHoursByEmploymentId: 'Raadplegen dienstverbanden',
  GetOrganizationalEntitiesByEmploymentId: 'Raadplegen dienstverbanden',
  GetWagesByEmploymentId: 'Raadplegen beloningen',
  GetPayrollPeriodDataByEmploymentId: 'Raadplegen variabele gegevens',
  GetPayrollPeriodResultsByEmploymentIdAndYear: 'Raadplegen loonoutput beperkt',
  GetPayrollAdministrationsByEmployerId: undefined,
  GetPayrollPeriodsByPayrollAdministrationId: undefined,
  GetPayrollRunsByPayrollAdministrationId: 'Raadplegen loonoutput beperkt',
  GetPayrollRunResultsByPayrollRunId: 'Raadplegen loonoutput beperkt',
  GetPayrollPeriodResultsByPayrollAdministrationIdAndPayrollPeriodId: 'Raadplegen loonoutput beperkt',
}

export const insufficientRightsBody = {
  message: 'Insufficient rights for this request, reason "User doesn\'t have rechten to perform activity for the given Id."',
}

/** The activities a user with these rights may call (GetAuthorizationsByEmployerId). */
export function allowedActivities(rights: ReadonlyMap<LoketRightName, boolean>): string[] {
  return Object.entries(activityRights)
    .filter(([, right]) => right === undefined || rights.get(right) !== false)
    .map(([activity]) => activity)
}
