import { KoppelError } from '../core/errors.js'

/** One page of a numbered listing, as the connector read it from its envelope. */
export interface ListPage<T> {
  /** The page the source says it answered; must be the one asked for. */
  currentPage: number
  /** Pages in the whole listing (0 for an empty one). */
  totalPages: number
  /** Records in the whole listing, where the source says it. */
  totalSize?: number
  items: T[]
}

export interface FetchPagesOptions<T> {
  /** Requests and reads page `pageNumber` (1-based). A malformed page throws its own error. */
  fetchPage(pageNumber: number): Promise<ListPage<T>>
  /** Names the listing in errors, e.g. "Loket list /v2/providers/employers". Never personal data. */
  describe: string
  /** Merged into every error's details (e.g. `{ path }`). */
  details?: Record<string, unknown>
  /** Hard cap on the pages requested; the listing fails when it would pass it. Default 10,000. */
  maxPages?: number
  /** Pages `totalPages` may grow past what the first page announced (records added while paging). Default 2. */
  growthSlackPages?: number
  /** Checked before each page request. */
  signal?: AbortSignal
}

export const defaultMaxPages = 10_000
export const defaultGrowthSlackPages = 2

/**
 * Every page of a numbered listing, from 1 until the page that is the last one announced, as
 * arrays of its items (empty pages are skipped). A source whose listing changes under us
 * beyond what it announced ends the listing with `upstream_bad_response` (DESIGN §4):
 * - it shrinks (`totalPages` or `totalSize` below an earlier page's): records moved past
 *   us and one was skipped, which a full run would take for a deletion;
 * - it grows past the first page's `totalPages` by more than `growthSlackPages`: a little
 *   growth only repeats a record, endless growth would page forever;
 * - a page answers for another `currentPage` than asked (0 is accepted only for an empty
 *   listing): its items are not the ones we think, and the end test would lie;
 * - it would need more than `maxPages` requests.
 *
 * @example
 * for await (const items of fetchPages({ describe: 'Loket list /v2/providers/employers', fetchPage: (n) => readPage(n) })) { … }
 */
export async function* fetchPages<T>(options: FetchPagesOptions<T>): AsyncGenerator<T[]> {
  const maxPages = options.maxPages ?? defaultMaxPages
  const slack = options.growthSlackPages ?? defaultGrowthSlackPages
  const fail = (reason: string, pageNumber: number, extra: Record<string, unknown> = {}) =>
    new KoppelError('upstream_bad_response', `${options.describe}: ${reason}`, { details: { ...options.details, pageNumber, ...extra } })
  let announcedPages: number | undefined
  let totalPages: number | undefined
  let totalSize: number | undefined
  for (let pageNumber = 1; ; pageNumber++) {
    options.signal?.throwIfAborted()
    if (pageNumber > maxPages) throw fail(`listing passed the cap of ${maxPages} pages`, pageNumber, { maxPages })
    const page = await options.fetchPage(pageNumber)
    const emptyListing = page.totalPages === 0 && page.items.length === 0
    if (page.currentPage !== pageNumber && !(emptyListing && page.currentPage === 0)) {
      throw fail(`answered page ${page.currentPage} when asked for page ${pageNumber}`, pageNumber, { currentPage: page.currentPage })
    }
    const shrank = (totalPages !== undefined && page.totalPages < totalPages) ||
      (totalSize !== undefined && page.totalSize !== undefined && page.totalSize < totalSize)
    if (shrank) throw fail('list shrank while paging', pageNumber)
    announcedPages ??= page.totalPages
    if (page.totalPages > announcedPages + slack) {
      throw fail(`list grew from ${announcedPages} to ${page.totalPages} pages while paging`, pageNumber, { announcedPages, totalPages: page.totalPages })
    }
    totalPages = page.totalPages
    totalSize = page.totalSize ?? totalSize
    if (page.items.length > 0) yield page.items
    if (pageNumber >= totalPages) return
  }
}
