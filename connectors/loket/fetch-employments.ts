import { fetchAll, fetchAllPages, fetchDetail } from './client.js'
import { idOf } from './fetch-employees.js'
import { forEachPage, segment, type FetchScope } from './fetch-scope.js'
import { requireRight, requireRightEach, type LoketRightKey } from './loket-rights.js'
import type { LoketResource } from './resource-versions.js'
import { loketPageTypes, type RawEmploymentItem, type RawWageItem, type RawWorkingHoursItem } from './raw-items.js'
import { skipVanished } from './skip-vanished.js'

/** Full mode: every employment of the employer (as the user's employment filter shows them), with its chains. */
export async function fetchAllEmployments(scope: FetchScope): Promise<void> {
  const url = `${scope.api}/providers/employers/${segment(scope.employerId)}/employees/employments`
  const pages = fetchAllPages(scope.http, url, { resource: 'employments', pageSize: scope.settings.page_size, signal: scope.signal })
  await forEachPage(requireRightEach('employments', 'employments', pages), async (employments) => { await emitWithChains(scope, employments) })
}

/**
 * Incremental mode: these employments' details and chains. One that vanished since it was
 * listed (404 on its detail or a chain) is skipped and reported vanished (skip-vanished.ts);
 * the chains of the ones found are complete reads, so a removed wage is deleted.
 * Returns the ids of the employees of the employments found.
 */
export async function fetchEmploymentsById(scope: FetchScope, employmentIds: readonly string[]): Promise<string[]> {
  const found = await Promise.all(employmentIds.map((id) => skipVanished(scope, 'employment', id, () =>
    requireRight('employments', 'employment', () => fetchDetail(scope.http, `${scope.api}/providers/employers/employees/employments/${segment(id)}`, 'employments')))))
  const employments = await emitWithChains(scope, found.filter((employment) => employment !== null))
  return employments.map((employment) => idOf((employment as { employee?: unknown }).employee))
}

/** Emits the employments with their chains; returns those emitted (one whose chain answers 404 vanished). */
async function emitWithChains(scope: FetchScope, listed: unknown[]): Promise<unknown[]> {
  const read = await Promise.all(listed.map(async (employment) => {
    const id = idOf(employment)
    const chains = await skipVanished(scope, 'employment', id, () => Promise.all([
      chain(scope, id, 'wages', 'wages', 'wages'),
      chain(scope, id, 'workinghours', 'workingHours', 'employments'),
      chain(scope, id, 'organizationalentities', 'organizationalEntities', 'employments'),
    ]))
    if (chains === null) return null
    const [wages, workingHours, organizationalEntities] = chains
    return { employment, id, wages, workingHours, organizationalEntities }
  }))
  const withChains = read.filter((entry) => entry !== null)
  if (withChains.length === 0) return []
  const employmentItems = withChains.map(({ employment, organizationalEntities }): RawEmploymentItem =>
    ({ employment, organizationalEntities, referenceDate: scope.referenceDate }))
  const wageItems = withChains.flatMap(({ id, wages }) => wages.map((wage): RawWageItem => ({ employmentId: id, wage })))
  const hoursItems = withChains.flatMap(({ id, workingHours }) =>
    workingHours.map((hours): RawWorkingHoursItem => ({ employmentId: id, workingHours: hours })))
  await scope.emit({ type: loketPageTypes.employments, items: employmentItems })
  // Each chain was read whole: what is gone from it is deleted, in incremental runs too (DESIGN.md §4).
  const ids = withChains.map(({ id }) => id)
  await scope.emit({ type: loketPageTypes.wages, items: wageItems, complete: ids.map((employmentId) => ({ entity: 'wage', match: { employmentId } })) })
  await scope.emit({ type: loketPageTypes.workingHours, items: hoursItems, complete: ids.map((employmentId) => ({ entity: 'working_hours', match: { employmentId } })) })
  return withChains.map(({ employment }) => employment)
}

/** One employment's whole date chain of a sub-resource (usually a single page). */
function chain(scope: FetchScope, employmentId: string, path: string, resource: LoketResource, right: LoketRightKey): Promise<unknown[]> {
  const url = `${scope.api}/providers/employers/employees/employments/${segment(employmentId)}/${path}`
  return requireRight(right, path, () => fetchAll(scope.http, url, { resource, pageSize: scope.settings.page_size, signal: scope.signal }))
}
