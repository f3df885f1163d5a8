import { Hono } from 'hono'
import type { WebhookConfig } from '../../../config/schema.js'
import type { ApiDelivery, ApiWebhook } from './api-shapes.js'
import type { ConsoleApi } from './console-api.js'
import { consolePaths } from './console-paths.js'
import type { ConsoleEnv } from './console-env.js'
import { errorWords } from './error-words.js'
import type { HeldChanges } from './held-changes.js'
import { ReleasePage, type HeldGroup } from './release-page.js'
import { takeFlash } from './take-flash.js'
import { WebhooksPage } from './webhooks-page.js'

/** `release: manual` (DESIGN.md §5); read structurally so a config without the key means "auto". */
const holdsChanges = (webhook: WebhookConfig) => (webhook as { release?: unknown }).release === 'manual'

const formIds = (value: string | File | (string | File)[] | undefined): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((item): item is string => typeof item === 'string' && item !== '')

/** The stored employer records of a connection, read once per page through `GET /api/records/employer`. */
function employerNames(api: ConsoleApi) {
  const byConnection = new Map<string, Promise<Map<string, { number: string | null; name: string | null }>>>()
  const load = async (connection: string) => {
    const result = await api.call<{ items: Array<{ id: string; number?: string | null; name?: string | null }> }>('GET', `/api/records/employer?connection=${encodeURIComponent(connection)}&limit=1000`)
    const items = result.ok ? result.body.items : []
    return new Map(items.map((item) => [item.id, { number: item.number ?? null, name: item.name ?? null }]))
  }
  return async (connection: string, employerId: string) => {
    if (!byConnection.has(connection)) byConnection.set(connection, load(connection))
    return (await byConnection.get(connection)!).get(employerId)
  }
}

/** Webhooks (health, failed deliveries, "Opnieuw versturen") and "Verzenden" (held changes, release). */
export function webhookConsoleRoutes(deps: { webhooks: readonly WebhookConfig[]; held: (api: ConsoleApi) => HeldChanges }) {
  return new Hono<ConsoleEnv>()
    .get('/console/webhooks', async (c) => {
      const { items } = await c.var.api.get<{ items: ApiWebhook[] }>('/api/webhooks')
      const webhooks = await Promise.all(items.map(async (webhook) => {
        const base = `/api/webhooks/${encodeURIComponent(webhook.id)}/deliveries`
        const failed = (await c.var.api.get<{ items: ApiDelivery[] }>(`${base}?status=failed&limit=100`)).items
        if (failed.length === 0) return { webhook, failed }
        // A replay adds a new delivery of the same message; the failed one it answers is done with.
        const later = (await c.var.api.get<{ items: ApiDelivery[] }>(`${base}?after=${failed[0]!.id - 1}&limit=500`)).items
        const open = failed.filter((delivery) => !later.some((other) => other.messageId === delivery.messageId && other.id > delivery.id))
        return { webhook, failed: open }
      }))
      return c.html(<WebhooksPage t={c.var.t} language={c.var.language} here={c.var.here} csrf={c.var.session.csrf} flash={takeFlash(c.var.session)} webhooks={webhooks} />)
    })
    .post('/console/webhooks/:id/replay', async (c) => {
      const id = c.req.param('id')
      const mutationIds = formIds((await c.req.parseBody({ all: true })).mutationId)
      const result = await c.var.api.call<{ requeued: number }>('POST', `/api/webhooks/${encodeURIComponent(id)}/replay`, { mutationIds })
      c.var.session.flash = result.ok ? { kind: 'ok', text: c.var.t.replayed(result.body.requeued) } : { kind: 'error', text: errorWords(c.var.language, result.error) }
      return c.redirect(consolePaths.webhooks, 303)
    })
    .get('/console/release', async (c) => {
      const held = deps.held(c.var.api)
      const groups: HeldGroup[] = []
      const employers = employerNames(c.var.api)
      for (const webhook of deps.webhooks.filter(holdsChanges)) {
        const mutations = (await held.list(webhook.id)) ?? []
        const byEmployer = new Map<string, typeof mutations>()
        for (const mutation of mutations) {
          const key = `${mutation.connection}\u0000${mutation.employerId}`
          byEmployer.set(key, [...(byEmployer.get(key) ?? []), mutation])
        }
        groups.push({
          webhookId: webhook.id,
          employers: await Promise.all([...byEmployer.values()].map(async (list) => {
            const { connection, employerId } = list[0]!
            const known = await employers(connection, employerId)
            return { employerId, number: known?.number ?? null, name: known?.name ?? null, mutations: list }
          })),
        })
      }
      return c.html(<ReleasePage t={c.var.t} here={c.var.here} csrf={c.var.session.csrf} flash={takeFlash(c.var.session)} groups={groups} />)
    })
    .post('/console/release/:id', async (c) => {
      const id = c.req.param('id')
      const mutationIds = formIds((await c.req.parseBody({ all: true })).mutationId)
      const result = await deps.held(c.var.api).release(id, mutationIds)
      c.var.session.flash = result.ok ? { kind: 'ok', text: c.var.t.released(result.body.released) } : { kind: 'error', text: errorWords(c.var.language, result.error) }
      return c.redirect(consolePaths.release, 303)
    })
}
