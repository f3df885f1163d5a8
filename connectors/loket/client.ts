import { z } from 'zod'
import { fetchPages, KoppelError, type HttpClient } from 'koppel/sdk'
import { acceptHeader, type LoketResource } from './resource-versions.js'

const count = z.number().int().nonnegative()

/** Loket's list envelope; loose so that new upstream fields never break a sync. */
const listEnvelopeSchema = z.looseObject({
  currentPage: count,
  totalPages: count,
  /** Records in the whole list (after the filter). Optional: paging works without it. */
  totalSize: count.optional(),
  /** An empty page may come as `null` instead of `[]`. */
  _embedded: z.array(z.unknown()).nullable(),
})

const detailEnvelopeSchema = z.looseObject({ content: z.unknown() })

export interface ListOptions {
  resource: LoketResource
  pageSize: number
  query?: Record<string, string | number | undefined>
  /** Checked before each page request. */
  signal?: AbortSignal
  /** Hard cap on the pages requested (default the SDK's 10,000). */
  maxPages?: number
}

/**
 * Every page of a Loket list endpoint, as the array of its `_embedded` items: `pageNumber`
 * from 1 until the last announced page, with the SDK's paging guards (`fetchPages`): a list
 * that shrinks (a record left it before the page being read, so one was skipped: a full run
 * would delete it), grows past what its first page announced, answers another `currentPage`
 * than asked, or passes the page cap is `upstream_bad_response`, as is a malformed envelope;
 * the error never carries body content.
 *
 * @example
 * for await (const items of fetchAllPages(ctx.http, `${api}/providers/employers`, { resource: 'employers', pageSize: 250 })) { … }
 */
export function fetchAllPages(http: HttpClient, url: string, options: ListOptions): AsyncGenerator<unknown[]> {
  const path = pathOf(url)
  return fetchPages({
    describe: `Loket list ${path}`,
    details: { path },
    maxPages: options.maxPages,
    signal: options.signal,
    async fetchPage(pageNumber) {
      const body = await http.getJson(url, {
        headers: { Accept: acceptHeader(options.resource) },
        query: { ...options.query, pageNumber, pageSize: options.pageSize },
      })
      const page = listEnvelopeSchema.safeParse(body)
      if (!page.success) throw badResponse('malformed list envelope', path, pageNumber)
      const { currentPage, totalPages, totalSize, _embedded } = page.data
      return { currentPage, totalPages, totalSize, items: _embedded ?? [] }
    },
  })
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
