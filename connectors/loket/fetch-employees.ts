import { KoppelError } from 'koppel/sdk'
import { fetchAllPages, fetchDetail } from './client.js'
import { requireRight, requireRightEach } from './loket-rights.js'
import { forEachPage, segment, type FetchScope } from './fetch-scope.js'
import { loketPageTypes, type RawEmployeeItem } from './raw-items.js'
import { skipVanished } from './skip-vanished.js'

/** Full mode: every employee of the employer, page by page, each with its BSN. */
export async function fetchAllEmployees(scope: FetchScope): Promise<void> {
  const url = `${scope.api}/providers/employers/${segment(scope.employerId)}/employees`
  const pages = fetchAllPages(scope.http, url, { resource: 'employees', pageSize: scope.settings.page_size, signal: scope.signal })
  await forEachPage(requireRightEach('employees', 'employees', pages), (employees) => emitEmployees(scope, employees))
}

/**
 * Incremental mode: these employees' details, each with its BSN, as one page. One that
 * answers 404 went away since its employment was listed: skipped and reported vanished.
 */
export async function fetchEmployeesById(scope: FetchScope, employeeIds: readonly string[]): Promise<void> {
  if (employeeIds.length === 0) return
  const employees = await Promise.all(employeeIds.map((id) => skipVanished(scope, 'employee', id, () =>
    requireRight('employees', 'employee', () => fetchDetail(scope.http, `${scope.api}/providers/employers/employees/${segment(id)}`, 'employees')))))
  await emitEmployees(scope, employees.filter((employee) => employee !== null))
}

/** The employees with their BSNs; one whose BSN answers 404 vanished after the list and is skipped. */
async function emitEmployees(scope: FetchScope, employees: unknown[]): Promise<void> {
  const items = await Promise.all(employees.map(async (employee): Promise<RawEmployeeItem | null> => {
    if (!scope.settings.fetch_bsn) return { employee, bsn: null }
    const id = idOf(employee)
    const bsn = await skipVanished(scope, 'employee', id, async () => ({ value: await fetchBsn(scope, id) }))
    return bsn === null ? null : { employee, bsn: bsn.value }
  }))
  const found = items.filter((item) => item !== null)
  if (found.length > 0 || items.length === 0) await scope.emit({ type: loketPageTypes.employees, items: found })
}

/** The BSN is authorized separately; a 403 fails the fetch rather than blanking every BSN. */
async function fetchBsn(scope: FetchScope, employeeId: string): Promise<string | null> {
  const url = `${scope.api}/providers/employers/employees/${segment(employeeId)}/citizenservicenumber`
  const content = await requireRight('citizenServiceNumber', 'citizenservicenumber', () => fetchDetail(scope.http, url, 'citizenServiceNumber'))
  const bsn = (content as { citizenServiceNumber?: unknown } | null)?.citizenServiceNumber
  if (typeof bsn === 'number') return String(bsn).padStart(9, '0')
  return typeof bsn === 'string' && bsn.trim() !== '' ? bsn.trim() : null
}

/** The `id` of a raw Loket object (every resource has a GUID id). */
export function idOf(item: unknown): string {
  const id = (item as { id?: unknown } | null)?.id
  if (typeof id !== 'string' || id === '') {
    throw new KoppelError('upstream_bad_response', 'Loket returned an item without an id')
  }
  return id
}
