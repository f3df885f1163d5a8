/**
 * Loket versions resources through the Accept header (`application/json;version=YYYY-MM-DD`):
 * the server serves the newest version on or before that date. Pinning the versions we were
 * written against keeps a new upstream resource version from silently changing field shapes.
 * Dates from the OpenAPI document's response content types.
 */
export const resourceVersions = {
  employers: '2018-01-01',
  employees: '2021-03-29',
  partners: '2018-01-01',
  children: '2018-01-01',
  citizenServiceNumber: '2018-01-01',
  employments: '2019-12-16',
  wages: '2018-01-01',
  workingHours: '2018-01-01',
  organizationalEntities: '2018-01-01',
  lastModifiedVersionNumbers: '2018-01-01',
  payrollAdministrations: '2018-01-01',
  payrollPeriodData: '2018-01-01',
  payrollPeriodResults: '2018-01-01',
  payrollPeriods: '2018-01-01',
  payrollRuns: '2018-01-01',
  filterSettings: '2018-01-01',
} as const

export type LoketResource = keyof typeof resourceVersions

/** The Accept header value for a resource, e.g. `application/json;version=2019-12-16`. */
export function acceptHeader(resource: LoketResource): string {
  return `application/json;version=${resourceVersions[resource]}`
}
