import { isKoppelError, KoppelError } from 'koppel/sdk'
import { fetchAllPages, fetchAll, fetchDetail } from './client.js'
import { idOf } from './fetch-employees.js'
import { segment, type FetchScope } from './fetch-scope.js'
import { requireRight, requireRightEach } from './loket-rights.js'
import { loketPageTypes, type LoketPage, type RawChildItem, type RawPartnerItem } from './raw-items.js'

/** A fetch scope whose employee pages also bring the employees' partners and children. */
export interface PeopleFetch {
  scope: FetchScope
  /** Call when the rest of the fetch is done: emits what is still waiting and settles every request started. */
  finish(): Promise<void>
}

/**
 * Partners and children (DESIGN §3), with the fewest requests that still keep ended
 * partnerships:
 * - Partners: the per-employee history (`/employees/{id}/partners`), one request per
 *   employee, in full and incremental runs alike. The employer-wide `actualpartners` list
 *   names only today's partners (keyed by employment), so a full run built on it would
 *   delete every ended partnership instead of showing its `endDate`; and since any employee
 *   may have a past partner, it cannot tell which histories could be skipped. Reading it as
 *   well would only add requests.
 * - Children have no end date, so in a full run the employer-wide list is complete: one
 *   request per page of 250 instead of one per employee. Its items are keyed by employment
 *   (a child of an employee with two employments comes twice): they are de-duplicated by
 *   the child's id and mapped to the employee through the employments this fetch lists.
 * - Incremental: Loket's version numbers cover the employee's data, so the employees an
 *   incremental run re-reads (fetch-changes.ts) are the ones whose partners or children can
 *   have changed; their per-employee lists are read, two requests each (cheaper than the
 *   employer-wide children list while few employees changed, and the only complete source
 *   of partners). Each such list is a complete read for its employee (DESIGN §4): a partner
 *   or child it no longer holds is deleted in that run; an ended partnership is still in
 *   the history, so it stays an update with its `endDate`.
 * The employee pages and employment pages are watched through `emit`, so the rest of the
 * fetch pipeline does not need to know about people.
 */
export function withPeople(scope: FetchScope, full: boolean): PeopleFetch {
  const pending: Promise<void>[] = []
  const owners = new Map<string, string>()
  const track = (work: Promise<void>): void => {
    // Awaited in finish(); the no-op catch only keeps a failure from being "unhandled" meanwhile.
    work.catch(() => {})
    pending.push(work)
  }
  const childrenList = full ? listEmployerChildren(scope) : null
  childrenList?.catch(() => {})

  const emit = async (page: LoketPage): Promise<void> => {
    if (page.type === loketPageTypes.employees) {
      const employeeIds = page.items.map((item) => idOf(item.employee))
      track(emitPartners(scope, employeeIds, full))
      if (!full) track(emitChildrenOf(scope, employeeIds))
    } else if (page.type === loketPageTypes.employments) {
      for (const item of page.items) {
        const employment = item.employment as { id?: unknown; employee?: { id?: unknown } }
        if (typeof employment.id === 'string' && typeof employment.employee?.id === 'string') owners.set(employment.id, employment.employee.id)
      }
    }
    await scope.emit(page)
  }

  return {
    scope: { ...scope, emit },
    async finish() {
      if (childrenList) track(childrenList.then((items) => emitEmployerChildren(scope, items, owners)))
      await Promise.all(pending)
    },
  }
}

/**
 * The employees' partner histories. In an incremental run each list read claims its
 * employee's partners complete, so what it lacks is deleted (a full run deletes whatever it
 * did not see anyway).
 */
async function emitPartners(scope: FetchScope, employeeIds: readonly string[], full: boolean): Promise<void> {
  const lists = await Promise.all(employeeIds.map(async (employeeId) =>
    (await perEmployee(scope, employeeId, 'partners')).map((partner): RawPartnerItem => ({ employeeId, partner }))))
  const items = lists.flat()
  const complete = full ? [] : employeeIds.map((employeeId) => ({ entity: 'partner', match: { employeeId } }))
  if (items.length > 0 || complete.length > 0) await scope.emit({ type: loketPageTypes.partners, items, ...(complete.length > 0 ? { complete } : {}) })
}

/** Incremental: the employees' child lists, each a complete read of that employee's children. */
async function emitChildrenOf(scope: FetchScope, employeeIds: readonly string[]): Promise<void> {
  const lists = await Promise.all(employeeIds.map(async (employeeId) =>
    (await perEmployee(scope, employeeId, 'children')).map((child): RawChildItem => ({ employeeId, child }))))
  const items = lists.flat()
  const complete = employeeIds.map((employeeId) => ({ entity: 'child', match: { employeeId } }))
  if (items.length > 0 || complete.length > 0) await scope.emit({ type: loketPageTypes.children, items, complete })
}

/** An employee's whole partner or child list (usually one page). */
function perEmployee(scope: FetchScope, employeeId: string, path: 'partners' | 'children'): Promise<unknown[]> {
  const url = `${scope.api}/providers/employers/employees/${segment(employeeId)}/${path}`
  return requireRight(path, path, () => fetchAll(scope.http, url, { resource: path, pageSize: scope.settings.page_size, signal: scope.signal }))
}

interface EmployerChild {
  employmentId: string
  child: unknown
}

/** Every page of GetChildrenByEmployerId, de-duplicated by the child's id. */
async function listEmployerChildren(scope: FetchScope): Promise<EmployerChild[]> {
  const url = `${scope.api}/providers/employers/${segment(scope.employerId)}/employees/children`
  const pages = fetchAllPages(scope.http, url, { resource: 'children', pageSize: scope.settings.page_size, signal: scope.signal })
  const byChild = new Map<string, EmployerChild>()
  for await (const items of requireRightEach('children', 'employees/children', pages)) {
    for (const item of items) {
      const entry = item as { employmentId?: unknown; children?: unknown }
      const childId = idOf(entry.children)
      if (typeof entry.employmentId !== 'string' || entry.employmentId === '') {
        throw new KoppelError('upstream_bad_response', 'Loket returned a child without an employmentId', { details: { path: 'employees/children' } })
      }
      if (!byChild.has(childId)) byChild.set(childId, { employmentId: entry.employmentId, child: entry.children })
    }
  }
  return [...byChild.values()]
}

/**
 * Maps each child to its employee through the employments this full fetch listed; an
 * employment it did not list (it appeared since) is read once. One that is gone (404) takes
 * its children with it for this run, like the employment itself.
 */
async function emitEmployerChildren(scope: FetchScope, children: readonly EmployerChild[], owners: Map<string, string>): Promise<void> {
  const unknown = [...new Set(children.map((entry) => entry.employmentId).filter((id) => !owners.has(id)))]
  await Promise.all(unknown.map(async (employmentId) => {
    try {
      const url = `${scope.api}/providers/employers/employees/employments/${segment(employmentId)}`
      const employment = await requireRight('employments', 'employment', () => fetchDetail(scope.http, url, 'employments'))
      owners.set(employmentId, idOf((employment as { employee?: unknown }).employee))
    } catch (error) {
      if (!(isKoppelError(error) && error.code === 'upstream_not_found')) throw error
    }
  }))
  const items = children.flatMap((entry): RawChildItem[] => {
    const employeeId = owners.get(entry.employmentId)
    return employeeId === undefined ? [] : [{ employeeId, child: entry.child }]
  })
  for (let start = 0; start < items.length; start += scope.settings.page_size) {
    await scope.emit({ type: loketPageTypes.children, items: items.slice(start, start + scope.settings.page_size) })
  }
}
