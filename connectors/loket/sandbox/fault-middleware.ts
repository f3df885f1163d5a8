import type { Context, MiddlewareHandler } from 'hono'
import type { HttpBindings } from '@hono/node-server'
import type { FaultRegistry, FaultSpec, RequestLogEntry } from './fault-controls.js'
import { insufficientRightsBody } from './rights.js'

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

export const unauthorizedBody = { message: 'Authorization has been denied for this request.' }

function statusResponse(c: Context, fault: Extract<FaultSpec, { kind: 'status' }>): Response {
  const headers: Record<string, string> = {}
  if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter)
  const status = fault.status as 400
  const message = (type: string, description: string) => ({
    content: null, version: { obsoleteDate: null, resourceVersion: '2018-01-01' }, messages: [{ code: fault.status, id: null, type, description, properties: [] }],
  })
  if (fault.status === 401) return c.json(unauthorizedBody, status, headers)
  if (fault.status === 403) return c.json(insufficientRightsBody, status, headers)
  if (fault.status === 400) return c.json(message('BrokenBusinessRule', 'The request could not be processed.'), status, headers)
  if (fault.status === 404) return c.json(message('NotFound', 'The resource was not found.'), status, headers)
  if (fault.status === 429) return c.json({ message: 'Too many requests.' }, status, headers)
  return c.json({ message: 'An error has occurred.' }, status, headers)
}

/** Headers and a partial body, then the TCP connection is destroyed. */
function resetResponse(c: Context<{ Bindings: HttpBindings }>): Response {
  const outgoing = c.env?.outgoing
  if (outgoing) {
    outgoing.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': '4096' })
    outgoing.write('{"_embedded":[{"id":"')
    setTimeout(() => outgoing.destroy(), 5)
    return new Response(null, { headers: { 'x-hono-already-sent': 'true' } })
  }
  // Without a Node socket (app.request in tests) the body stream errors instead.
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"_embedded":[{"id":"'))
      controller.error(new Error('connection reset by sandbox'))
    },
  })
  return new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } })
}

type PagingRewrite = (body: { currentPage: number; pageSize: number; totalPages: number; totalSize: number }) => void

/** Rewrites the paging fields of a list envelope; other answers pass unchanged. */
async function rewritePaging(response: Response, rewrite: PagingRewrite): Promise<Response> {
  const body = await response.json() as Record<string, unknown>
  const { currentPage, pageSize, totalPages, totalSize } = body
  if (typeof currentPage === 'number' && typeof pageSize === 'number' && typeof totalPages === 'number' && typeof totalSize === 'number') {
    const paging = { currentPage, pageSize, totalPages, totalSize }
    rewrite(paging)
    Object.assign(body, paging)
  }
  const headers = new Headers(response.headers)
  headers.delete('content-length')
  return new Response(JSON.stringify(body), { status: response.status, headers })
}

const pagingFaults: Partial<Record<FaultSpec['kind'], PagingRewrite>> = {
  /** Claims one page (and one page of items) fewer than the list really has. */
  'shrink-total-pages': (page) => {
    page.totalPages = Math.max(0, page.totalPages - 1)
    page.totalSize = Math.max(0, page.totalSize - page.pageSize)
  },
  /** Always one page more than the page answered: a list that never ends (pages past the real end are empty). */
  'grow-total-pages': (page) => {
    page.totalPages = Math.max(page.totalPages, page.currentPage + 1)
    page.totalSize = Math.max(page.totalSize, page.totalPages * page.pageSize)
  },
  /** Says it is the next page: a reader trusting it would stop one page early. */
  'wrong-current-page': (page) => {
    page.currentPage += 1
  },
}

/** Applies armed faults and API latency, and records every request in `requests`. */
export function faultMiddleware(options: {
  faults: FaultRegistry; requests: RequestLogEntry[]; latencyMs: () => number
}): MiddlewareHandler<{ Bindings: HttpBindings }> {
  return async (c, next) => {
    const path = c.req.path
    const entry: RequestLogEntry = { method: c.req.method, path, query: c.req.query(), status: 0 }
    options.requests.push(entry)
    const fault = options.faults.take(c.req.method, path)
    const latency = path.startsWith('/v2') ? options.latencyMs() : 0
    const started = performance.now()
    if (fault?.kind === 'delay') await sleep(fault.ms)
    if (fault?.kind === 'status') {
      c.res = statusResponse(c, fault)
    } else if (fault?.kind === 'malformed-json') {
      c.res = new Response('{"_embedded":[{"id":"3f2', { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8' } })
    } else if (fault?.kind === 'reset') {
      c.res = resetResponse(c)
    } else {
      await next()
      const rewrite = fault ? pagingFaults[fault.kind] : undefined
      if (rewrite && c.res.ok) c.res = await rewritePaging(c.res, rewrite)
    }
    // The latency is the server's whole response time (like a remote API's), its own work included.
    if (latency > 0) await sleep(latency - (performance.now() - started))
    c.header('Expires', '-1')
    entry.status = fault?.kind === 'reset' ? 0 : c.res.status
  }
}
