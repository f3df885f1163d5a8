import { z } from 'zod'
import { errorStatus, type ErrorCode } from '../../errors.js'
import { statuses as deliveryStatuses } from '../routes/webhooks.js'
import { documentedEntities, entityNames } from './entity-catalogue.js'
import { named } from './document-registry.js'

/**
 * What the admin API answers, as zod (DESIGN.md §6). These schemas only describe: the routes
 * build their JSON by hand, and the conformance test holds every real answer against the
 * JSON Schema generated from these, so a route and its description cannot drift apart.
 */
const timestamp = z.iso.datetime({ offset: true })
const errorInfo = z.object({ code: z.string(), message: z.string() })

export const errorResponse = named('Error', z.object({
  error: z.object({
    code: z.enum(Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    /** Structured, non-personal details: for invalid input a list of `{path, message}`. */
    details: z.unknown().optional(),
  }),
}), 'Every error answer: a stable snake_case code, a readable message and optional details.')

export const feedTruncated = named('FeedTruncated', z.object({
  error: z.object({
    code: z.literal('feed_truncated'),
    message: z.string(),
    details: z.object({
      /** The oldest sequence from which the feed is complete again (DESIGN §6). */
      oldestSequence: z.number().int(),
    }),
  }),
}), 'The catch-up feed no longer holds everything asked for: retention pruned part of it.')

export const entityCounts = named('EntityCounts', z.object({
  fetched: z.number().int(), created: z.number().int(), updated: z.number().int(),
  deleted: z.number().int(), unchanged: z.number().int(), invalid: z.number().int(),
  /** Named by a listing but gone (404) when read: skipped in the run, the stored version kept (DESIGN §4). */
  vanished: z.number().int(),
}))

/** Counts per entity; a running run that has not counted anything yet has `{}`. */
export const runCounts = named('RunCounts', z.object(
  Object.fromEntries(documentedEntities.map(({ entity }) => [entity, entityCounts.optional()])),
))

const syncMode = z.enum(['full', 'incremental'])

export const employerResult = named('EmployerResult', z.object({
  employer: z.string(),
  employerId: z.string().nullable(),
  status: z.enum(['succeeded', 'failed', 'held']),
  mode: syncMode,
  baseline: z.boolean(),
  counts: runCounts,
  mutations: z.number().int(),
  invalid: z.array(z.object({ entity: z.string(), id: z.string(), reason: z.string() })),
  error: errorInfo.nullable(),
  durationMs: z.number().int(),
}))

export const run = named('Run', z.object({
  id: z.string(),
  connection: z.string(),
  status: z.enum(['running', 'succeeded', 'failed', 'held']),
  mode: syncMode,
  trigger: z.string(),
  force: z.boolean(),
  startedAt: timestamp,
  finishedAt: timestamp.nullable(),
  durationMs: z.number().int().nullable(),
  counts: runCounts,
  error: errorInfo.nullable(),
  employers: z.array(employerResult),
}))

export const connector = named('Connector', z.object({
  id: z.string(),
  displayName: z.string(),
  status: z.enum(['stable', 'beta', 'stub']),
  auth: z.enum(['oauth2-authorization-code', 'api-key', 'client-credentials', 'file', 'none']),
  apiVersion: z.number().int(),
  description: z.string().nullable(),
  incremental: z.boolean(),
}))

export const connection = named('Connection', z.object({
  id: z.string(),
  connector: z.string(),
  connectorStatus: z.enum(['stable', 'beta', 'stub']).nullable(),
  status: z.enum(['needs_authorization', 'ready', 'syncing', 'failing']),
  enabled: z.boolean(),
  employers: z.array(z.string()),
  schedule: z.string().nullable(),
  fullSyncSchedule: z.string().nullable(),
  timezone: z.string(),
  authorized: z.boolean(),
  tokenExpiresAt: timestamp.nullable(),
  lastRun: run.nullable(),
  nextRunAt: timestamp.nullable(),
}))

export const checkReport = named('CheckReport', z.object({
  ok: z.boolean(),
  credentials: z.object({ ok: z.boolean(), error: errorInfo.optional() }),
  employers: z.array(z.object({ employer: z.string(), ok: z.boolean(), missing: z.array(z.string()), error: errorInfo.optional() })),
}))

export const webhookSubscription = named('WebhookSubscription', z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  connections: z.array(z.string()).nullable(),
  enabled: z.boolean(),
  /** `manual`: record mutations wait as `held` until released ("Verzenden"). */
  release: z.enum(['auto', 'manual']),
  status: z.enum(['enabled', 'disabled']),
  disabledReason: z.string().nullable(),
  disabledAt: timestamp.nullable(),
  counts: z.object(Object.fromEntries(deliveryStatuses.map((status) => [status, z.number().int()]))),
}))

export const delivery = named('Delivery', z.object({
  id: z.number().int(),
  messageId: z.string(),
  type: z.string(),
  sequence: z.number().int().nullable(),
  status: z.enum(deliveryStatuses),
  attempts: z.number().int(),
  nextAttemptAt: timestamp.nullable(),
  lastError: z.string().nullable(),
  createdAt: timestamp,
  finishedAt: timestamp.nullable(),
  attemptLog: z.array(z.object({
    number: z.number().int(),
    startedAt: timestamp,
    durationMs: z.number().int(),
    statusCode: z.number().int().nullable(),
    errorClass: z.string().nullable(),
    responseBody: z.string().nullable(),
  })),
}))

/** A record of the snapshot: the canonical record itself, of the entity in the path. */
export const anyRecord = z.union(documentedEntities.map(({ schema }) => schema) as [z.ZodType, z.ZodType, ...z.ZodType[]])

export const entityParam = z.enum(entityNames)
