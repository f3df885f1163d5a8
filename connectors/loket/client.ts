import { z } from 'zod'
import { KoppelError, type HttpClient } from 'koppel/sdk'
import { acceptHeader, type LoketResource } from './resource-versions.js'

const count = z.number().int().nonnegative()

/** Loket's list envelope; loose so that new upstream fields never break a sync. */
const listEnvelopeSchema = z.looseObject({
  currentPage: count,
  totalPages: count,
  /** Records in the whole list (after the filter). Optional: paging works without it. */
  totalSize: count.optional(),
  _embedded: z.array(z.unknown()),
})

const detailEnvelopeSchema = z.looseObject({ content: z.unknown() })

export interface ListOptions {
  resource: LoketResource
  pageSize: number
  query?: Record<string, string | number | undefined>
  /** Checked before each page request. */
  signal?: AbortSignal
}

/**
 * Every page of a Loket list endpoint, as the array of its `_embedded` items: `pageNumber`
 * from 1 until `currentPage >= totalPages`. A malformed envelope, or `totalPages` or
 * `totalSize` shrinking mid-run (a record left the list before the page being read, so the
 * rest shifted and one was skipped: a full run would delete it), is `upstream_bad_response`;
 * the error never carries body content.
 *
 * @example
 * for await (const items of fetchAllPages(ctx.http, `${api}/providers/employers`, { resource: 'employers', pageSize: 250 })) { … }
 */
export async function* fetchAllPages(http: HttpClient, url: string, options: ListOptions): AsyncGenerator<unknown[]> {
  const path = pathOf(url)
  let totalPages: number | undefined
  let totalSize: number | undefined
  for (let pageNumber = 1; ; pageNumber++) {
    options.signal?.throwIfAborted()
    const body = await http.getJson(url, {
      headers: { Accept: acceptHeader(options.resource) },
      query: { ...options.query, pageNumber, pageSize: options.pageSize },
    })
    const page = listEnvelopeSchema.safeParse(body)
    if (!page.success) throw badResponse('malformed list envelope', path, pageNumber)
    const shrank = (totalPages !== undefined && page.data.totalPages < totalPages) ||
      (totalSize !== undefined && page.data.totalSize !== undefined && page.data.totalSize < totalSize)
    if (shrank) throw badResponse('list shrank while paging', path, pageNumber)
    totalPages = page.data.totalPages
    totalSize = page.data.totalSize ?? totalSize
    if (page.data._embedded.length > 0) yield page.data._embedded
    if (totalPages === 0 || page.data.currentPage >= totalPages) return
  }
}

/** All items of a (usually short) list, e.g. one employment's wage chain. */
export async function fetchAll(http: HttpClient, url: string, options: ListOptions): Promise<unknown[]> {
  const items: unknown[] = []
  for await (const page of fetchAllPages(http, url, options)) items.push(...page)
  return items
}

/** The `content` of a Loket detail endpoint. */
export async function fetchDetail(http: HttpClient, url: string, resource: LoketResource): Promise<unknown> {
  const body = await http.getJson(url, { headers: { Accept: acceptHeader(resource) } })
  const detail = detailEnvelopeSchema.safeParse(body)
  if (!detail.success || detail.data.content === undefined) throw badResponse('malformed detail envelope', pathOf(url))
  return detail.data.content
}

function badResponse(reason: string, path: string, pageNumber?: number): KoppelError {
  return new KoppelError('upstream_bad_response', `Loket ${reason} (${path})`, { details: { path, pageNumber } })
}

/** The URL path only: ids are GUIDs, never personal data, and the host adds nothing. */
function pathOf(url: string): string {
  try {
    return new URL(url).pathname
  } catch {
    return url
  }
}
