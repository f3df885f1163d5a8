import type { Context } from 'hono'
import { detailEnvelope, listEnvelope, messageEnvelope, readPageRequest } from './envelope.js'
import { FilterError, orderItems, parseFilter } from './filter-query.js'
import { negotiateVersion, type ResourceName } from './resource-versions.js'
import { activityRights, insufficientRightsBody } from './rights.js'
import type { LoketRightName, SandboxDataset } from './sandbox-types.js'
import type { SandboxFilterControls } from './user-filter-types.js'

/** What the API routes share. */
export interface ApiContext {
  data: SandboxDataset
  rights: ReadonlyMap<LoketRightName, boolean>
  maxPageSize: number
  now: () => number
  /** The Loket user's employment filter per employer (applied to the employer-level employment lists). */
  userFilters: SandboxFilterControls
}

const queryValue = (c: Context, name: string): string | undefined => {
  const query = c.req.query()
  const key = Object.keys(query).find((candidate) => candidate.toLowerCase() === name.toLowerCase())
  return key === undefined ? undefined : query[key]
}

/** 403 with Loket's message when the activity needs a right that is withheld, else undefined. */
export function checkRight(c: Context, api: ApiContext, activity: string): Response | undefined {
  const right = activityRights[activity]
  if (right !== undefined && api.rights.get(right) === false) return c.json(insufficientRightsBody, 403)
  return undefined
}

export function notFound(c: Context, resource: ResourceName, what: string): Response {
  const version = negotiateVersion(resource, c.req.header('accept'))
  return c.json(messageEnvelope('NotFound', 404, `${what} not found`, version), 404)
}

/**
 * A list answer: `filter`, `orderBy`, then paging, in the list envelope. `toItem` turns a
 * source entry into the served item; without a filter or an order only the requested page's
 * entries are turned (a real server reads one page, not the whole list, per request).
 */
export function respondList(c: Context, api: ApiContext, resource: ResourceName, items: readonly unknown[]): Response
export function respondList<S>(c: Context, api: ApiContext, resource: ResourceName, sources: readonly S[], toItem: (source: S) => unknown): Response
export function respondList<S>(c: Context, api: ApiContext, resource: ResourceName, sources: readonly S[], toItem?: (source: S) => unknown): Response {
  const version = negotiateVersion(resource, c.req.header('accept'))
  const page = readPageRequest(c.req.query(), api.maxPageSize)
  if ('error' in page) return c.json(messageEnvelope('BrokenBusinessRule', 400, page.error, version), 400)
  try {
    const filter = queryValue(c, 'filter')
    const orderBy = queryValue(c, 'orderBy')
    if (!filter && !orderBy) return c.json(listEnvelope(sources, page, version, toItem))
    const items = toItem ? sources.map(toItem) : [...sources]
    let selected = filter ? items.filter(parseFilter(filter)) : items
    if (orderBy) selected = orderItems(selected, orderBy)
    return c.json(listEnvelope(selected, page, version))
  } catch (error) {
    if (!(error instanceof FilterError)) throw error
    return c.json(messageEnvelope('BrokenBusinessRule', 400, `Invalid filter or orderBy: ${error.message}`, version), 400)
  }
}

export function respondDetail(c: Context, resource: ResourceName, content: unknown): Response {
  return c.json(detailEnvelope(content, negotiateVersion(resource, c.req.header('accept'))))
}
