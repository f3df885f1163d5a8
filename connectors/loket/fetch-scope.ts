import type { Entity, FetchContext, HttpClient, Logger } from 'koppel/sdk'
import type { RequestLimiter } from 'koppel/sdk'
import { fetchAll } from './client.js'
import { observeNotices } from './observe-notices.js'
import type { LoketPage } from './raw-items.js'
import { resolveLoketUrls, type LoketSettings } from './settings.js'

/** What the parts of one employer's fetch share. */
export interface FetchScope {
  /** `ctx.http` with every request passing through the fetch's request pool: the connection's one concurrency limit. */
  http: HttpClient
  /** API base, e.g. `https://api.loket.nl/v2`. */
  api: string
  settings: LoketSettings
  employerId: string
  /** Today in Europe/Amsterdam (YYYY-MM-DD): the day job and department are read on. */
  referenceDate: string
  log: Logger
  signal: AbortSignal
  /** Hands a page to the consumer; resolves when there is room for more. */
  emit(page: LoketPage): Promise<void>
  /** `ctx.vanished`: a listed record that answered 404 is skipped and kept as stored (skip-vanished.ts). */
  vanished(entity: Entity, id: string): void
  /**
   * The employer's payroll administrations (`GET /providers/employers/{employerId}/payrolladministrations`),
   * read once per fetch and shared by the employer record and the payroll results. Being a
   * listing, a 404 on it fails the employer (`upstream_not_found`, DESIGN §4); every caller
   * sees the same answer, errors included.
   */
  payrollAdministrations(): Promise<unknown[]>
}

export function createFetchScope(ctx: FetchContext<LoketSettings>, limit: RequestLimiter, emit: FetchScope['emit']): FetchScope {
  const http = observeNotices(limitHttp(ctx.http, limit), ctx.upstreamNotice)
  const api = resolveLoketUrls(ctx.settings).api
  let administrations: Promise<unknown[]> | undefined
  return {
    http,
    api,
    settings: ctx.settings,
    employerId: ctx.employer.id,
    referenceDate: amsterdamDate(new Date()),
    log: ctx.log,
    signal: ctx.signal,
    emit,
    vanished: (entity, id) => ctx.vanished?.(entity, id),
    payrollAdministrations() {
      administrations ??= fetchAll(http, `${api}/providers/employers/${segment(ctx.employer.id)}/payrolladministrations`, {
        resource: 'payrollAdministrations', pageSize: ctx.settings.page_size, signal: ctx.signal,
      })
      return administrations
    },
  }
}

/**
 * `http` with every request run inside `limit`. The engine's `ctx.http` has no limit of its
 * own for Loket (loket-http.ts): this pool is the connection's only one, and unlike the
 * engine's it also stops queued requests when the fetch stops (a failed sibling, an early
 * return), so nothing is sent that nobody will read.
 */
export function limitHttp(http: HttpClient, limit: RequestLimiter): HttpClient {
  return {
    getJson: (url, options) => limit(() => http.getJson(url, options)),
    request: (url, options) => limit(() => http.request(url, options)),
  }
}

/** Loket's dates are Dutch calendar days. */
function amsterdamDate(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}

/** The path segment of an id, escaped (ids are GUIDs, but a bad ref must not change the path). */
export function segment(id: string): string {
  return encodeURIComponent(id)
}

/**
 * Runs `handle` on each page as it arrives, letting the next page's request start while the
 * previous page's follow-up requests are still running; at most `window` pages are held.
 */
export async function forEachPage(pages: AsyncIterable<unknown[]>, handle: (items: unknown[]) => Promise<void>, window = 2): Promise<void> {
  const inFlight: Promise<void>[] = []
  for await (const items of pages) {
    const handled = handle(items)
    // Awaited below; the no-op catch only keeps a failure from being "unhandled" meanwhile.
    handled.catch(() => {})
    inFlight.push(handled)
    if (inFlight.length >= window) await inFlight.shift()
  }
  await Promise.all(inFlight)
}
