import type { MiddlewareHandler } from 'hono'
import type { LoketMessage } from './envelope.js'

/** A resource made to announce its retirement or to warn, as Loket does in a good answer's envelope. */
export interface SandboxNotice {
  /** A substring of the request path (e.g. "/wages"), like a fault's. */
  path: string
  /** Set as `version.obsoleteDate` (YYYY-MM-DD). */
  obsoleteDate?: string
  /** Added to `messages[]` as a `Warning`. */
  message?: { code: number; description: string }
}

export interface SandboxNoticeControls {
  /** From now on, answers whose path contains `notice.path` carry it (until cleared). */
  announce(notice: SandboxNotice): void
  clearNotices(): void
  readonly notices: readonly SandboxNotice[]
}

export function createNotices(): SandboxNoticeControls & { list: SandboxNotice[] } {
  const list: SandboxNotice[] = []
  return {
    list,
    announce: (notice) => { list.push(structuredClone(notice)) },
    clearNotices: () => { list.length = 0 },
    get notices() { return list.map((notice) => structuredClone(notice)) },
  }
}

/** Writes the announced notices into the envelopes of matching successful JSON answers. */
export function noticeMiddleware(notices: readonly SandboxNotice[]): MiddlewareHandler {
  return async (c, next) => {
    await next()
    const matching = notices.filter((notice) => c.req.path.includes(notice.path))
    if (matching.length === 0 || !c.res.ok || !(c.res.headers.get('content-type') ?? '').includes('json')) return
    const body = await c.res.json() as Record<string, unknown>
    const version = (body.version ?? { obsoleteDate: null, resourceVersion: '2018-01-01' }) as { obsoleteDate: string | null }
    const messages = (Array.isArray(body.messages) ? body.messages : []) as LoketMessage[]
    for (const notice of matching) {
      if (notice.obsoleteDate) version.obsoleteDate = notice.obsoleteDate
      if (notice.message) messages.push({ code: notice.message.code, id: null, type: 'Warning', description: notice.message.description, properties: [] })
    }
    const headers = new Headers(c.res.headers)
    headers.delete('content-length')
    c.res = new Response(JSON.stringify({ ...body, version, messages }), { status: c.res.status, headers })
  }
}
