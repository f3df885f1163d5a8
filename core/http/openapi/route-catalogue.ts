import { z } from 'zod'
import { manualTokensSchema } from '../routes/authorization.js'
import { syncBody } from '../routes/connections.js'
import { uploadQuery } from '../routes/file-uploads.js'
import { feedQuery } from '../routes/mutations.js'
import { recordsQuery } from '../routes/records.js'
import { listQuery as runsQuery } from '../routes/runs.js'
import { deliveriesQuery, heldQuery, releaseBody, replayBody } from '../routes/webhooks.js'
import { anyRecord, checkReport, connection, connector, delivery, entityParam, errorResponse, feedTruncated, run, webhookSubscription } from './api-schemas.js'
import { mutation } from './event-schemas.js'

/** One answer of a route: a JSON body (`schema`), another media type, or no body. */
export interface ResponseSpec {
  description: string
  schema?: z.ZodType
  /** Default `application/json`; text answers are described as a string. */
  contentType?: string
}

/**
 * One served route, described once. `/openapi.json` is built from this list, and the
 * conformance test fails for a route the app serves that is missing here.
 */
export interface RouteSpec {
  method: 'get' | 'post' | 'put' | 'delete'
  /** Hono's spelling, `/api/connections/:id`. */
  path: string
  operationId: string
  summary: string
  /** Behind the bearer admin token (every `/api` route). */
  admin: boolean
  /** Path parameters other than plain strings. */
  params?: Record<string, z.ZodType>
  query?: z.ZodObject
  body?: z.ZodType
  /** A body that is not JSON but a file, streamed as sent (`application/octet-stream`). */
  rawBody?: { description: string }
  responses: Record<number, ResponseSpec>
  /** Error statuses this route answers in the error shape (401 is added to admin routes). */
  errors?: number[]
}

const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() })
const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) })
const json = (description: string, schema: z.ZodType): ResponseSpec => ({ description, schema })

export const routeCatalogue: readonly RouteSpec[] = [
  { method: 'get', path: '/healthz', operationId: 'health', summary: 'The process is up.', admin: false,
    responses: { 200: json('Up.', z.object({ status: z.literal('ok') })) } },
  { method: 'get', path: '/readyz', operationId: 'readiness', summary: 'The database is reachable and writable, migrations applied.', admin: false,
    responses: {
      200: json('Ready.', z.object({ status: z.literal('ready'), database: z.literal(true) })),
    }, errors: [503] },
  { method: 'get', path: '/metrics', operationId: 'metrics', summary: 'Prometheus metrics (text exposition format).', admin: false,
    responses: { 200: { description: 'Metrics.', contentType: 'text/plain', schema: z.string() } } },
  { method: 'get', path: '/oauth/callback', operationId: 'oauthCallback', summary: "The OAuth2 redirect target: validates `state`, exchanges `code`, shows a plain page.", admin: false,
    query: z.object({ state: z.string().optional(), code: z.string().optional(), error: z.string().optional() }),
    responses: {
      200: { description: 'Authorization succeeded.', contentType: 'text/html', schema: z.string() },
      400: { description: 'Unknown, expired or used state, or the consent was refused.', contentType: 'text/html', schema: z.string() },
      502: { description: 'The token exchange failed.', contentType: 'text/html', schema: z.string() },
    } },
  { method: 'get', path: '/openapi.json', operationId: 'openapi', summary: 'This document.', admin: false,
    responses: { 200: json('The OpenAPI 3.1 document.', z.record(z.string(), z.unknown())) } },

  { method: 'get', path: '/api/connectors', operationId: 'listConnectors', summary: 'Built-in and plugin connectors with their status.', admin: true,
    responses: { 200: json('The connectors.', list(connector)) } },
  { method: 'get', path: '/api/connections', operationId: 'listConnections', summary: 'The configured connections with status, last and next run.', admin: true,
    responses: { 200: json('The connections.', list(connection)) } },
  { method: 'get', path: '/api/connections/:id', operationId: 'getConnection', summary: 'One connection.', admin: true,
    responses: { 200: json('The connection.', connection) }, errors: [404] },
  { method: 'post', path: '/api/connections/:id/authorize', operationId: 'authorizeConnection', summary: 'Starts the consent flow: a single-use URL (state valid 10 minutes).', admin: true,
    responses: { 200: json('Open `authorizeUrl` in a browser.', z.object({ authorizeUrl: z.url(), expiresAt: z.iso.datetime({ offset: true }) })) }, errors: [404, 409] },
  { method: 'put', path: '/api/connections/:id/tokens', operationId: 'putTokens', summary: 'Manual token entry (the fallback to the consent flow).', admin: true,
    body: manualTokensSchema, responses: { 204: { description: 'Stored (encrypted).' } }, errors: [400, 404, 409] },
  { method: 'post', path: '/api/connections/:id/files', operationId: 'uploadConnectionFile',
    summary: "Stores the raw body as a file in a file connection's drop folder (streamed, up to the connector's `max_file_bytes`) and starts a run that reads it. 400: the connection takes no files, or the name matches no file pattern of its mapping; 409: a run is going (nothing stored; send it again later) or a file of that name is waiting.",
    admin: true, query: uploadQuery, rawBody: { description: 'The file (CSV or JSON Lines), as exported.' },
    responses: { 202: json('Stored; the run started.', z.object({ fileId: z.string(), runId: z.string() })) }, errors: [400, 404, 409] },
  { method: 'post', path: '/api/connections/:id/sync', operationId: 'syncConnection', summary: 'Starts a sync (full unless `mode` says otherwise).', admin: true,
    body: syncBody, responses: { 202: json('Started.', z.object({ runId: z.string() })) }, errors: [400, 404, 409] },
  { method: 'post', path: '/api/connections/:id/check', operationId: 'checkConnection', summary: "Probes credentials, the source's rights and settings per employer.", admin: true,
    responses: { 200: json('The findings, with what is missing named.', checkReport) }, errors: [404, 501] },
  { method: 'get', path: '/api/runs', operationId: 'listRuns', summary: 'Recent runs, newest first.', admin: true,
    query: runsQuery, responses: { 200: json('The runs.', list(run)) }, errors: [400] },
  { method: 'get', path: '/api/runs/:id', operationId: 'getRun', summary: 'One run.', admin: true,
    responses: { 200: json('The run.', run) }, errors: [404] },
  { method: 'get', path: '/api/mutations', operationId: 'listMutations', summary: 'The catch-up feed in sequence order: the same objects the webhooks carry as `data`.', admin: true,
    query: feedQuery,
    responses: {
      200: json('Poll again with `after=nextAfter`.', z.object({ items: z.array(mutation), nextAfter: z.number().int() })),
      410: json('Retention pruned mutations above `after` that this query would return: resync from `/api/records`, then read on with `after=details.oldestSequence - 1`.', feedTruncated),
    }, errors: [400, 404] },
  { method: 'get', path: '/api/records/:entity', operationId: 'listRecords', summary: 'The current snapshot of one entity, keyset-paginated.', admin: true,
    params: { entity: entityParam }, query: recordsQuery, responses: { 200: json('Canonical records.', page(anyRecord)) }, errors: [400, 404] },
  { method: 'get', path: '/api/webhooks', operationId: 'listWebhooks', summary: 'Subscriptions with delivery counts (never the secret).', admin: true,
    responses: { 200: json('The subscriptions.', list(webhookSubscription)) } },
  { method: 'get', path: '/api/webhooks/:id/deliveries', operationId: 'listDeliveries', summary: "A subscription's deliveries with their attempts; page with `after=nextCursor`.", admin: true,
    query: deliveriesQuery, responses: { 200: json('The deliveries.', page(delivery)) }, errors: [400, 404] },
  { method: 'post', path: '/api/webhooks/:id/replay', operationId: 'replayDeliveries', summary: 'Sends deliveries again, from a sequence or by mutation id.', admin: true,
    body: replayBody,
    responses: { 202: json('Delivered and failed ones requeued, pending ones made due now, held ones of a range left for release.', z.object({
      requeued: z.number().int(), madeDue: z.number().int(), held: z.number().int(),
    })) },
    errors: [400, 404, 409] },
  { method: 'get', path: '/api/webhooks/:id/held', operationId: 'listHeld', summary: 'The mutations held for release ("Verzenden") in sequence order, with their changes; poll with `after=nextAfter`.', admin: true,
    query: heldQuery,
    responses: { 200: json('The held mutations.', z.object({ items: z.array(mutation), nextAfter: z.number().int() })) }, errors: [400, 404] },
  { method: 'post', path: '/api/webhooks/:id/release', operationId: 'releaseHeld', summary: 'Releases held mutations (`{}`: all), with the earlier held ones of the same records.', admin: true,
    body: releaseBody,
    responses: { 200: json('Every mutation released, in sequence order.', z.object({ released: z.number().int(), mutationIds: z.array(z.string()) })) },
    errors: [400, 404] },
  { method: 'post', path: '/api/webhooks/:id/enable', operationId: 'enableWebhook', summary: 'Re-enables a subscription disabled by a 410 Gone.', admin: true,
    responses: { 200: json('The subscription.', webhookSubscription) }, errors: [404] },
]
