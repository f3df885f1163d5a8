import { Hono } from 'hono'
import { z } from 'zod'
import type { WebhookConfig } from '../../../config/schema.js'
import { KoppelError } from '../../errors.js'
import type { DeliveryStatus } from '../../storage/database.js'
import { countDeliveriesByStatus } from '../../storage/deliveries.js'
import { makeDeliveriesDueNow } from '../../storage/due-now.js'
import { listDeliveries, type DeliveryListRow } from '../../storage/list-deliveries.js'
import type { Db } from '../../storage/open-database.js'
import { enableSubscription, listSubscriptions } from '../../storage/subscriptions.js'
import { payloadType } from '../../webhooks/build-payload.js'
import type { Dispatcher } from '../../webhooks/dispatcher.js'
import { listHeld, releaseHeld } from '../../webhooks/release-held.js'
import { replayDeliveries } from '../../webhooks/replay-deliveries.js'
import { maskUrlCredentials } from '../mask-url-credentials.js'
import { limitParam, parseJsonBody, parseQuery } from './query-params.js'

export interface WebhookRoutesDeps {
  db: Db
  webhooks: readonly WebhookConfig[]
  /** Woken after a replay, a release or an enable so delivery starts at once. */
  dispatcher?: Pick<Dispatcher, 'wake'>
}

export const statuses = ['pending', 'delivering', 'delivered', 'failed', 'refused', 'held'] as const satisfies readonly DeliveryStatus[]

export const deliveriesQuery = z.object({
  status: z.enum(statuses).optional(),
  after: z.coerce.number().int().nonnegative().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})

export const replayBody = z
  .strictObject({
    fromSequence: z.number().int().nonnegative().optional(),
    mutationIds: z.array(z.string().min(1)).min(1).max(10_000).optional(),
  })
  .refine((body) => body.fromSequence !== undefined || body.mutationIds !== undefined, 'give fromSequence or mutationIds')

export const heldQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: limitParam(100, 1000),
})

/** `{}` (or no body) releases everything held; both fields given: both must hold. */
export const releaseBody = z.strictObject({
  upToSequence: z.number().int().nonnegative().optional(),
  mutationIds: z.array(z.string().min(1)).min(1).max(10_000).optional(),
})

/**
 * Webhook administration, mounted under `/api`: subscriptions with delivery counts (never the
 * secret, the URL with its credentials masked), a subscription's deliveries with their attempts, replay and re-enable,
 * and for `release: manual` subscriptions what is held and its release ("Verzenden"). Release on an
 * `auto` subscription is not an error: nothing is held there, so it answers `{released: 0}`
 * (or releases what was held before the subscription was switched to `auto`).
 */
export function webhookRoutes(deps: WebhookRoutesDeps): Hono {
  const find = (id: string) => {
    const webhook = deps.webhooks.find((w) => w.id === id)
    if (!webhook) throw new KoppelError('not_found', `no webhook ${id}`)
    return webhook
  }

  const describe = async (only?: string) => {
    const rows = new Map((await listSubscriptions(deps.db)).map((row) => [row.id, row]))
    const counts = await countDeliveriesByStatus(deps.db)
    return deps.webhooks
      .filter((w) => only === undefined || w.id === only)
      .map((w) => {
        const row = rows.get(w.id)
        const byStatus = Object.fromEntries(statuses.map((status) => [status, 0])) as Record<DeliveryStatus, number>
        for (const count of counts) if (count.subscriptionId === w.id) byStatus[count.status] = count.count
        return {
          id: w.id,
          url: maskUrlCredentials(w.url),
          events: w.events,
          connections: w.connections ?? null,
          enabled: w.enabled,
          release: w.release,
          status: row?.status ?? 'enabled',
          disabledReason: row?.disabled_reason ?? null,
          disabledAt: row?.disabled_at ?? null,
          counts: byStatus,
        }
      })
  }

  return new Hono()
    .get('/webhooks', async (c) => c.json({ items: await describe() }))
    .get('/webhooks/:id/deliveries', async (c) => {
      const webhook = find(c.req.param('id'))
      const query = deliveriesQuery.parse(c.req.query())
      const page = await listDeliveries(deps.db, { subscriptionId: webhook.id, ...query })
      const last = page.rows[page.rows.length - 1]
      return c.json({ items: page.rows.map(deliveryView), nextCursor: page.more && last ? String(last.id) : null })
    })
    .post('/webhooks/:id/replay', async (c) => {
      const webhook = find(c.req.param('id'))
      const body = replayBody.parse(await c.req.json().catch(() => {
        throw new KoppelError('invalid_request', 'body must be a JSON object')
      }))
      const result = await replayDeliveries(deps.db, webhook, body)
      deps.dispatcher?.wake()
      return c.json(result, 202)
    })
    .get('/webhooks/:id/held', async (c) => {
      const webhook = find(c.req.param('id'))
      return c.json(await listHeld(deps.db, webhook.id, parseQuery(heldQuery, c.req.query())))
    })
    .post('/webhooks/:id/release', async (c) => {
      const webhook = find(c.req.param('id'))
      const result = await releaseHeld(deps.db, webhook.id, await parseJsonBody(releaseBody, c.req.raw))
      if (result.released > 0) deps.dispatcher?.wake()
      return c.json(result)
    })
    .post('/webhooks/:id/enable', async (c) => {
      const webhook = find(c.req.param('id'))
      if (!(await enableSubscription(deps.db, webhook.id, new Date().toISOString()))) {
        throw new KoppelError('not_found', `webhook ${webhook.id} has no subscription yet`)
      }
      // Deliveries that waited out the disable sit on long retry delays: send them now.
      await makeDeliveriesDueNow(deps.db, webhook.id, { now: new Date().toISOString() })
      deps.dispatcher?.wake()
      return c.json((await describe(webhook.id))[0])
    })
}

function deliveryView(row: DeliveryListRow) {
  const open = row.status === 'pending' || row.status === 'delivering'
  return {
    id: row.id,
    messageId: row.message_id,
    type: payloadType(row.payload),
    sequence: row.sequence,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: open ? row.next_attempt_at : null,
    lastError: row.last_error,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    attemptLog: row.attemptRows.map((a) => ({
      number: a.number,
      startedAt: a.started_at,
      durationMs: a.duration_ms,
      statusCode: a.status_code,
      errorClass: a.error_class,
      responseBody: a.response_body,
    })),
  }
}
