import type { HttpClient, UpstreamNotice } from 'koppel/sdk'
import { z } from 'zod'

/** The parts of any Loket envelope that announce trouble ahead; loose, and both may be absent. */
const noticeSchema = z.looseObject({
  version: z.looseObject({ obsoleteDate: z.string().nullish() }).nullish(),
  messages: z.array(z.looseObject({ code: z.number().nullish(), type: z.string().nullish() })).nullish(),
})

/**
 * `http` that reports every good answer whose envelope announces a retirement
 * (`version.obsoleteDate`: Loket drops an old resource version six months after its
 * successor) or carries `messages[]` (a 200 may carry warnings) through `report`
 * (`ctx.upstreamNotice`), so it shows before it breaks a sync. Only codes, types, the date and
 * the endpoint with its ids replaced are passed on: message texts may name people.
 */
export function observeNotices(http: HttpClient, report: ((notice: UpstreamNotice) => void) | undefined): HttpClient {
  if (!report) return http
  return {
    request: (url, options) => http.request(url, options),
    async getJson(url, options) {
      const body = await http.getJson(url, options)
      const parsed = noticeSchema.safeParse(body)
      if (parsed.success) {
        const obsoleteDate = parsed.data.version?.obsoleteDate ?? null
        const messages = (parsed.data.messages ?? []).map((message) => ({ code: message.code ?? null, type: message.type ?? null }))
        if (obsoleteDate !== null || messages.length > 0) report({ resource: resourceOf(url), obsoleteDate, messages })
      }
      return body
    },
  }
}

const guid = /^[{(]?[0-9a-f]{8}-?([0-9a-f]{4}-?){3}[0-9a-f]{12}[)}]?$/i

/** The endpoint as a label: `/v2/providers/employers/{id}/employees` (ids and numbers replaced, no query). */
export function resourceOf(url: string): string {
  let path: string
  try {
    path = new URL(url).pathname
  } catch {
    path = url.split('?')[0] ?? url
  }
  return path.split('/').map((part) => (guid.test(part) ? '{id}' : /^\d+$/.test(part) ? '{n}' : part)).join('/')
}
