import { z } from 'zod'
import { cronPatternProblem } from './cron-pattern-problem.js'
import { isEncryptionKey, isPostgresUrl, isTimeZone, isWebhookSecret, matchesSomeEventType } from './formats.js'

/**
 * The whole YAML file (DESIGN.md §5). Keys are snake_case; unknown keys are errors.
 * Values that need no context (cron patterns, time zones, keys, secrets) are checked here.
 * What needs the registry or the whole file (connector `settings`, unknown connectors,
 * duplicate ids, webhook → connection references) is checked by `loadConfig`, which reports
 * every problem at once as `path: message`.
 */

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an absolute http or https URL' })

const kebabId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be kebab-case (a-z, 0-9, -)')

/** 5 fields or a nickname; the message names the field at fault (`hour 25 is out of range 0-23`). */
const cronPattern = z.string().superRefine((pattern, context) => {
  const problem = cronPatternProblem(pattern)
  if (problem !== undefined) context.addIssue({ code: 'custom', message: problem })
})

const webhookSecret = z.string().refine(isWebhookSecret, 'must be "whsec_" followed by base64 of 24 to 64 random bytes')

const duration = z
  .string()
  .regex(/^\d+(ms|s|m|h|d)$/, 'must be a duration like 500ms, 5s, 5m, 2h or 1d')

export const serverSchema = z.strictObject({
  /** Interface to listen on. Default 0.0.0.0. */
  host: z.string().min(1).default('0.0.0.0'),
  /** TCP port. Default 8080; 0 picks a free port (tests). */
  port: z.number().int().min(0).max(65535).default(8080),
  /** The URL people and payroll systems reach Koppel at; OAuth2 redirects go to `<public_url>/oauth/callback`. */
  public_url: httpUrl.transform((url) => url.replace(/\/+$/, '')),
  /** Bearer token for `/api/*`. At least 24 characters; use `${KOPPEL_ADMIN_TOKEN}`. */
  admin_token: z.string().min(24, 'must be at least 24 characters'),
  /** Largest accepted JSON request body in bytes. Default 1 MiB. */
  max_body_bytes: z.number().int().positive().default(1024 * 1024),
})

/**
 * How long a run stays owned without its process renewing the lease (every third of it).
 * A run whose process died is failed with `lease_expired` once it runs out, and the
 * connection can sync again. Default 30s; at least 1s. On both drivers.
 */
const runLease = duration.refine((value) => parseDuration(value) >= 1000, 'must be at least 1s').default('30s')

const sqliteStorageSchema = z.strictObject({
  /** `sqlite` (the embedded default) or `postgres`. */
  driver: z.literal('sqlite').default('sqlite'),
  /** SQLite file. Default ./data/koppel.db. `:memory:` for throwaway runs. */
  path: z.string().min(1).default('./data/koppel.db'),
  /** See `runLease`. */
  run_lease: runLease,
})

const postgresStorageSchema = z.strictObject({
  /** `postgres`: several replicas may share the database (DESIGN.md §10). */
  driver: z.literal('postgres'),
  /** `postgres://user:password@host:5432/database`; use `${DATABASE_URL}`. Never echoed: it may hold a password. */
  url: z.string().refine(isPostgresUrl, 'must be a postgres:// or postgresql:// URL (postgres://user:password@host:5432/database)'),
  /** Connections this process keeps open at most. Default 10. */
  pool_size: z.number().int().min(1).max(1000).default(10),
  /** See `runLease`. */
  run_lease: runLease,
})

export const storageSchema = z.discriminatedUnion('driver', [sqliteStorageSchema, postgresStorageSchema], {
  error: 'must be one of sqlite, postgres',
})

export const secretsSchema = z.strictObject({
  /** 32 random bytes, base64 (`tsx gateway.ts keygen`). Encrypts tokens and secrets at rest. */
  encryption_key: z.string().refine(isEncryptionKey, 'must be 32 bytes, base64-encoded (tsx gateway.ts keygen makes one)'),
})

export const logSchema = z.strictObject({
  /** fatal, error, warn, info (default), debug, trace or silent. */
  level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
})

export const deleteGuardSchema = z.strictObject({
  /** A run may delete at most this fraction of an employer's stored records. Default 0.2. */
  max_ratio: z.number().min(0).max(1).default(0.2),
  /** Deleting this many records or fewer is always allowed. Default 10. */
  min_count: z.number().int().min(0).default(10),
})

export const connectionSchema = z.strictObject({
  /** Unique id, kebab-case: appears in URLs, webhooks and logs. */
  id: kebabId,
  /** A built-in connector id (`tsx gateway.ts connectors`) or one from a plugin. */
  connector: z.string().min(1),
  /** "Gebruik koppeling": false keeps the connection configured but never syncs it. Default true. */
  enabled: z.boolean().default(true),
  /** Cron pattern (5 fields, or a nickname like `@hourly`; 6- and 7-field patterns are refused) for incremental syncs. Omit for manual syncs only. */
  schedule: cronPattern.optional(),
  /** Cron pattern for full syncs (which also detect deletions). The loader fills in nightly at 02:30 (`30 2 * * *`) when `schedule` is set. */
  full_sync_schedule: cronPattern.optional(),
  /** IANA time zone for the schedules. Default Europe/Amsterdam. */
  timezone: z.string().refine(isTimeZone, { error: (issue) => `unknown time zone "${String(issue.input)}"` }).default('Europe/Amsterdam'),
  /** Werkgever IDs: each an employer number or the source's id (a GUID for Loket). */
  employers: z
    .array(z.union([z.string().min(1), z.number().int().nonnegative().transform(String)], { error: 'must be an employer number or id' }))
    .min(1, 'needs at least one employer'),
  /** `baseline` (default): the first run stores the snapshot silently; `emit`: it emits `created` for everything. */
  initial_sync: z.enum(['baseline', 'emit']).default('baseline'),
  /** Refuse runs that would delete too much at once; `POST /api/connections/:id/sync {"force": true}` applies them. */
  delete_guard: deleteGuardSchema.default({ max_ratio: 0.2, min_count: 10 }),
  /** The connector's own settings; see its documentation. */
  settings: z.record(z.string(), z.unknown()).default({}),
})

export const previousSecretSchema = z.strictObject({
  /** The old `whsec_` secret, still signed with during rotation. */
  secret: webhookSecret,
  /** ISO timestamp after which it is no longer used. */
  until: z.string().datetime({ offset: true, message: 'must be an ISO 8601 timestamp' }),
})

export const webhookSchema = z.strictObject({
  /** Unique id, kebab-case. */
  id: kebabId,
  /** Where mutations are POSTed (http or https). */
  url: httpUrl,
  /** `whsec_` + base64 of 24 to 64 random bytes (Standard Webhooks). */
  secret: webhookSecret,
  /** Older secrets still signed with until their `until` time (rotation). */
  previous_secrets: z.array(previousSecretSchema).default([]),
  /** Event types or patterns: `employee.*`, `*.deleted`, `sync.failed`. Default: all. */
  events: z
    .array(
      z
        .string()
        .regex(/^(\*|[a-z_]+)\.(\*|[a-z_]+)$|^\*$/, { error: 'must be a type like employee.updated, employee.* or *.deleted', abort: true })
        .refine(matchesSomeEventType, { error: (issue) => `"${String(issue.input)}" matches no event type` }),
    )
    .min(1, 'needs at least one event type (omit `events` for all)')
    .default(['*']),
  /** Only mutations of these connections (ids from `connections:`). Default: all. */
  connections: z.array(z.string()).optional(),
  /** Dotted paths removed from `record`, `previous` and `changes` for this consumer (e.g. bsn, address). */
  exclude_fields: z.array(z.string().min(1)).default([]),
  /** Delays between attempts (jittered ±20%). The delivery fails after the last. */
  retry_schedule: z.array(duration).min(1).default(['5s', '5m', '30m', '2h', '5h', '10h', '14h', '20h', '24h']),
  /** Per-attempt timeout. Default 15s. */
  timeout: duration.default('15s'),
  /** Deliveries in flight at once for this subscription. Default 8. */
  concurrency: z.number().int().min(1).max(256).default(8),
  /** False stops delivery (mutations are still queued for it and sent when enabled). Default true. */
  enabled: z.boolean().default(true),
  /**
   * `auto` (default): mutations go out as soon as they are detected. `manual`: record
   * mutations wait as `held` until released through `POST /api/webhooks/:id/release`
   * ("Verzenden": the employer reviews the changes first). Operational events are never held.
   */
  release: z.enum(['auto', 'manual']).default('auto'),
})

export const deliverySchema = z.strictObject({
  /**
   * Deliveries in flight at once across all subscriptions. Default 32. An attempt waiting over
   * 1 s on its consumer stops counting here (its webhook's `concurrency` still holds it), so
   * one slow consumer never takes the others' slots.
   */
  concurrency: z.number().int().min(1).max(1024).default(32),
  /** How often the dispatcher looks for due deliveries when idle. Default 1s. */
  poll_interval: duration.default('1s'),
  /** Added to a webhook's timeout for the claim lease: after a crash mid-attempt the delivery is retried once it runs out. Default 30s. */
  lease_margin: duration.optional(),
})

/** A retention window: at least an hour, so a typo like `30m` cannot empty the feed under its readers. */
const retentionWindow = duration.refine((value) => parseDuration(value) >= 3_600_000, 'must be at least 1h')

export const retentionSchema = z.strictObject({
  /** How long the catch-up feed keeps a mutation. Default 90d. Never pruned while a delivery of it is pending, held or failed and not replayed. */
  mutations: retentionWindow.default('90d'),
  /** How long finished deliveries (with their attempts and bodies) are kept. Default 30d. */
  deliveries: retentionWindow.default('30d'),
  /** How long finished runs are kept (the newest of each connection always stays). Default 90d. */
  runs: retentionWindow.default('90d'),
})

export const gatewayConfigSchema = z.strictObject({
  /** The HTTP listener: admin API, OAuth2 callback, health. Required. */
  server: serverSchema,
  /** Where snapshots, mutations and the outbox live. */
  storage: storageSchema.default({ driver: 'sqlite', path: './data/koppel.db', run_lease: '30s' }),
  /** Keys for encryption at rest. Required: the gateway refuses to start without a key. */
  secrets: secretsSchema,
  /** Logging; personal data never reaches a log line whatever the level. */
  log: logSchema.default({ level: 'info' }),
  /** Plugin modules: a path (relative to the config file) or a package name. */
  plugins: z.array(z.string().min(1)).default([]),
  /** One entry per payroll source and credentials ("koppeling"). */
  connections: z.array(connectionSchema).default([]),
  /** Webhook subscriptions that receive mutations and operational events. */
  webhooks: z.array(webhookSchema).default([]),
  /** Dispatcher settings shared by all webhooks. */
  delivery: deliverySchema.default({ concurrency: 32, poll_interval: '1s' }),
  /** How long history is kept; pruned in the background in small batches, and by `tsx gateway.ts prune`. */
  retention: retentionSchema.default({ mutations: '90d', deliveries: '30d', runs: '90d' }),
})

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>
export type StorageConfig = z.infer<typeof storageSchema>
export type ConnectionConfig = z.infer<typeof connectionSchema>
export type WebhookConfig = z.infer<typeof webhookSchema>
export type RetentionConfig = z.infer<typeof retentionSchema>

/** `500ms`, `5s`, `5m`, `2h`, `1d` → milliseconds. */
export function parseDuration(value: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(value)
  if (!match) throw new Error(`invalid duration ${value}`)
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'ms']
  return Number(match[1]) * factor
}
