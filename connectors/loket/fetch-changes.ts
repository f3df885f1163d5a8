import { fetchAllPages } from './client.js'
import { fetchEmployeesById } from './fetch-employees.js'
import { fetchEmploymentsById } from './fetch-employments.js'
import { fetchEmployerRecord } from './fetch-employer-record.js'
import { forEachPage, segment, type FetchScope } from './fetch-scope.js'
import { parseVersionItem, type LoketCursor } from './loket-cursor.js'
import { requireRightEach } from './loket-rights.js'

/**
 * Incremental mode: Loket's `lastModifiedVersionNumber` covers an employment's static data
 * and its employee's data (not variable payroll data), so the employments above the cursor,
 * their employees and their chains are all that can have changed. The chains of the employments
 * re-read are complete reads (their removed records are deleted); an employment that
 * disappeared only goes away in the next full run.
 *
 * The employer itself is read on every run (two requests: the employer and its payroll
 * administrations): its `lastModifiedVersionNumber` moves with changes in its employments,
 * not reliably with its own record, so a new name, KvK or loonheffingennummer would otherwise
 * wait for the next full run.
 */
export async function fetchChanges(scope: FetchScope, since: LoketCursor): Promise<void> {
  await Promise.all([fetchEmployerRecord(scope), fetchChangedEmployments(scope, since.employments)])
}

async function fetchChangedEmployments(scope: FetchScope, since: number): Promise<void> {
  const url = `${scope.api}/providers/employers/${segment(scope.employerId)}/employees/employments/lastmodifiedversionnumbers`
  // An employee with two changed employments on different pages is fetched once.
  const employeesSeen = new Set<string>()
  const pages = requireRightEach('employments', 'employments/lastmodifiedversionnumbers', changedSince(scope, url, since))
  await forEachPage(pages, async (items) => {
    const ids = items.map((item) => parseVersionItem(item)?.id).filter((id): id is string => id !== undefined)
    const employeeIds = await fetchEmploymentsById(scope, ids)
    const fresh = [...new Set(employeeIds)].filter((id) => !employeesSeen.has(id))
    for (const id of fresh) employeesSeen.add(id)
    await fetchEmployeesById(scope, fresh)
  })
}

function changedSince(scope: FetchScope, url: string, since: number): AsyncIterable<unknown[]> {
  return fetchAllPages(scope.http, url, {
    resource: 'lastModifiedVersionNumbers',
    pageSize: scope.settings.page_size,
    query: { filter: `lastModifiedVersionNumber gt ${since}` },
    signal: scope.signal,
  })
}
