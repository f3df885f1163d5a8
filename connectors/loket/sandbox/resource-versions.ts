/** Resource versions per endpoint, as listed in the spec's `Accept` media types. */
export const resourceVersions = {
  employers: ['2018-01-01'],
  employerVersions: ['2018-01-01'],
  employees: ['2018-12-31', '2021-03-29'],
  citizenServiceNumber: ['2018-01-01'],
  employments: ['2019-12-16'],
  employmentVersions: ['2018-01-01'],
  wages: ['2018-01-01'],
  workingHours: ['2018-01-01'],
  organizationalEntities: ['2018-01-01'],
  payrollPeriodData: ['2018-01-01'],
  payrollPeriodResults: ['2018-01-01'],
  payrollAdministrations: ['2018-01-01'],
  payrollPeriods: ['2018-01-01'],
  payrollRuns: ['2018-01-01'],
  authorizations: ['2018-01-01', '2019-02-11'],
  filterSettings: ['2018-01-01'],
  partners: ['2018-01-01'],
  children: ['2018-01-01'],
  actualPartners: ['2018-01-01'],
  employerChildren: ['2018-01-01'],
} as const satisfies Record<string, readonly string[]>

export type ResourceName = keyof typeof resourceVersions

export interface ResourceVersion {
  obsoleteDate: string | null
  resourceVersion: string
}

/**
 * Picks the newest version on or before the date in `Accept: application/json;version=…`
 * (Loket's rule); no date means the newest. A date before the first version gets the first
 * (lenient: the real answer is undocumented). An older version is obsolete six months after
 * its successor appeared.
 */
export function negotiateVersion(resource: ResourceName, accept: string | undefined): ResourceVersion {
  const versions: readonly string[] = resourceVersions[resource]
  const requested = /version\s*=\s*(\d{4}-\d{2}-\d{2})/i.exec(accept ?? '')?.[1]
  let index = versions.length - 1
  if (requested) {
    const eligible = versions.filter((version) => version <= requested)
    index = eligible.length > 0 ? eligible.length - 1 : 0
  }
  const successor = versions[index + 1]
  let obsoleteDate: string | null = null
  if (successor) {
    const date = new Date(`${successor}T00:00:00Z`)
    date.setUTCMonth(date.getUTCMonth() + 6)
    obsoleteDate = date.toISOString().slice(0, 10)
  }
  return { obsoleteDate, resourceVersion: versions[index] ?? '2018-01-01' }
}
