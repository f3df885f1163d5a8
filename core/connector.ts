import type { z } from 'zod'
import { KoppelError } from './errors.js'
import type { CanonicalRecord, Entity } from './model/index.js'

/** The plugin API version this build speaks. A connector declares the version it was written for. */
export const pluginApiVersion = 1

/** Minimal structural logger (pino fits). Log ids and counts, never record values. */
export interface Logger {
  debug(obj: object, msg?: string): void
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
  child(bindings: Record<string, unknown>): Logger
}

export interface HttpRequestOptions {
  method?: string
  headers?: Record<string, string>
  /** Appended to the URL; undefined values are skipped. */
  query?: Record<string, string | number | undefined>
  body?: string
  /** Per-request override of the client's timeout in ms. */
  timeoutMs?: number
}

export interface HttpResponse {
  status: number
  headers: Headers
  text: string
}

/**
 * The HTTP client a connector receives as `ctx.http`. It owns timeouts, the connection's
 * concurrency limit, retries with backoff and jitter (5xx, network errors, 429 with
 * Retry-After; never other 4xx) and, for OAuth2 connectors, the bearer token: a 401 causes
 * one token refresh and one retry, then `upstream_unauthorized`.
 *
 * Errors are `KoppelError`s with codes `upstream_unavailable`, `upstream_timeout`,
 * `upstream_rate_limited`, `upstream_unauthorized`, `upstream_forbidden`,
 * `upstream_not_found` or `upstream_bad_response`, with `details: { status, path }`; they
 * never carry the response body.
 *
 * @example
 * const page = await ctx.http.getJson(`${base}/providers/employers`, { query: { pageNumber: 1 } })
 */
export interface HttpClient {
  /** GET (or `options.method`) and parse JSON; malformed JSON is `upstream_bad_response`. */
  getJson(url: string, options?: HttpRequestOptions): Promise<unknown>
  /** Any status comes back as is after retries; only network failures throw. */
  request(url: string, options?: HttpRequestOptions): Promise<HttpResponse>
}

/** An employer as configured (`ref`: what the YAML says) and as the source knows it (`id`). */
export interface EmployerRef {
  ref: string
  id: string
}

export type SyncMode = 'full' | 'incremental'

/**
 * A source's early warning in an otherwise good answer: a resource version that will be
 * retired (`obsoleteDate`) or warning messages. Labels only, never body content.
 */
export interface UpstreamNotice {
  /** The endpoint, with ids replaced (e.g. `/providers/employers/{id}/employees`): a low-cardinality label. */
  resource: string
  /** The day the served resource version stops being available, when the source announced one. */
  obsoleteDate?: string | null
  /** The source's codes and types of the messages (their text may name people, so it is not passed on). */
  messages?: ReadonlyArray<{ code: number | null; type: string | null }>
}

/** What every hook receives. Read-only; new fields may be added without breaking connectors. */
export interface ConnectorContext<S = unknown> {
  readonly connectionId: string
  readonly settings: S
  readonly http: HttpClient
  readonly log: Logger
  readonly signal: AbortSignal
  /**
   * Reports an {@link UpstreamNotice}: the engine logs it once per resource and process and
   * counts it in `koppel_upstream_deprecations_total`. Always set by the engine; optional only
   * so that contexts made by hand (tests) need not supply it.
   */
  readonly upstreamNotice?: (notice: UpstreamNotice) => void
  /**
   * The run this context belongs to, when it belongs to one (`fetch`, and `afterRun` of the
   * same run, see the same id). Always set by the engine for a run; absent for `check`.
   */
  readonly runId?: string
}

/** The argument of `fetch`: one employer of one run. */
export interface FetchContext<S = unknown> extends ConnectorContext<S> {
  readonly employer: EmployerRef
  /**
   * `full`: fetch everything of the employer; records not yielded are deleted afterwards
   * (except the entities the connector lists in `partialReads`).
   * `incremental`: fetch only what changed since `cursor`; only what a page's `complete`
   * claims covers is ever deleted.
   * The engine asks for `incremental` only from a connector with `incremental: true` and a
   * saved cursor; otherwise the run is `full`.
   */
  readonly mode: SyncMode
  /** The cursor saved by the last successful run of this employer, or null. */
  readonly cursor: string | null
  /**
   * A record a listing named went away before it could be read (a 404 on its detail or its
   * chains, DESIGN §4): the connector skips it and says so here. The engine counts it
   * `vanished` and keeps its stored version and its children: no delete of this run touches
   * them. Always set by the engine; optional only for contexts made by hand (tests).
   */
  readonly vanished?: (entity: Entity, id: string) => void
  /**
   * A source record the connector could not turn into a valid canonical record (a bad date
   * in a file row): the engine counts it `invalid`, lists it with `reason` in the run, and
   * keeps its stored version and its children, as for a record that fails validation. `id`
   * is the record's id when known, else a locator such as `line 12`. `reason` names where
   * and why (file, line, field), never the value. Optional only for contexts made by hand.
   */
  readonly invalid?: (entity: Entity, id: string, reason: string) => void
}

/**
 * One page of raw source data: `type` tells `normalize` what `items` hold. A connector
 * declares its pages as a discriminated union of these (`RawPage<'employees', AcmeEmployee> |
 * RawPage<'contracts', AcmeContract>`), so `normalize` narrows on `type` and needs no casts;
 * the engine only sees the base `RawPage`. A page may carry a new `cursor`: the engine stores
 * the last one seen in the same transaction as the data it covers, and only when the
 * employer's fetch completes.
 */
export interface RawPage<Type extends string = string, Item = unknown> {
  type: Type
  items: readonly Item[]
  cursor?: string
  /**
   * Complete reads this fetch made (DESIGN.md §4: deletes only from a complete read). Each
   * says "every record of `entity` whose fields equal `match` was yielded in this run": when
   * the employer's fetch completes, the stored records that match and were not yielded are
   * deleted, in an incremental run as in a full one, under the delete guard. A claim may come
   * on any page of the fetch (before or after the records it covers), also on a page without
   * items.
   *
   * @example
   * // An incremental run re-read this employment's whole wage chain:
   * yield { type: 'wages', items: wages, complete: [{ entity: 'wage', match: { employmentId } }] }
   */
  complete?: readonly CompleteRead[]
}

/** One complete read of a part of an entity (see `RawPage.complete`). */
export interface CompleteRead {
  /** A registered entity name, e.g. `wage`. */
  entity: string
  /** Top-level fields of the canonical record and their values; `{}` is the whole entity. */
  match: Readonly<Record<string, string | number | boolean | null>>
}

export interface NormalizeContext<S = unknown> {
  readonly settings: S
  readonly employer: EmployerRef
}

export type AuthKind = 'oauth2-authorization-code' | 'api-key' | 'client-credentials' | 'file' | 'none'

export interface OAuth2Endpoints {
  authorizeUrl: string
  tokenUrl: string
  clientId: string
  clientSecret?: string
  scope?: string
}

export type ConnectorAuth<S> =
  | { kind: 'oauth2-authorization-code'; endpoints(settings: S): OAuth2Endpoints }
  | { kind: Exclude<AuthKind, 'oauth2-authorization-code'> }

/**
 * How the engine builds a connection's `ctx.http`, read from its parsed settings by the
 * connector's `http` hook.
 */
export interface ConnectorHttpOptions {
  /** Per-attempt timeout in ms, body included. Default 30 000. */
  timeoutMs?: number
  /**
   * Requests in flight at once through `ctx.http`, for one run. Default 4. `'connector'`: the
   * connector bounds its own requests (the SDK's `createRequestLimiter`) and `ctx.http` adds
   * no second limit: a connection has one concurrency limit, never two stacked.
   */
  concurrency?: number | 'connector'
}

export type EmployerResolution = { ref: string; ok: true; id: string } | { ref: string; ok: false; error: { code: string; message: string } }

export interface CheckFinding {
  employer: string
  ok: boolean
  /** What is missing, in the source system's own words (e.g. a Loket right). */
  missing: string[]
  error?: { code: string; message: string }
}

export interface CheckReport {
  ok: boolean
  credentials: { ok: boolean; error?: { code: string; message: string } }
  employers: CheckFinding[]
}

/**
 * A connector: one payroll system. Made with `defineConnector` and exported as default from
 * `connectors/<id>/index.ts` or from a plugin. `S` is its parsed settings, `P` the union of
 * the raw pages its `fetch` yields and its `normalize` reads.
 *
 * @example
 * type AcmePage = RawPage<'employees', AcmeEmployee> | RawPage<'contracts', AcmeContract>
 *
 * export default defineConnector<AcmeSettings, AcmePage>({
 *   id: 'acme-hr', displayName: 'Acme HR', status: 'beta', apiVersion: 1,
 *   settings: acmeSettings,
 *   auth: { kind: 'api-key' },
 *   async *fetch(ctx) {
 *     yield { type: 'employees', items: await loadEmployees(ctx) }
 *     yield { type: 'contracts', items: await loadContracts(ctx) }
 *   },
 *   normalize(page, ctx) {
 *     switch (page.type) {
 *       case 'employees': return page.items.map((item) => ({ entity: 'employee', record: toEmployee(item, ctx.employer.id) }))
 *       case 'contracts': return page.items.map((item) => ({ entity: 'employment', record: toEmployment(item, ctx.employer.id) }))
 *       default: return unknownPageType('acme-hr', page)
 *     }
 *   },
 * })
 */
export interface ConnectorDefinition<S = unknown, P extends RawPage = RawPage> {
  /** kebab-case; equals its folder and the YAML `connector:` value. */
  id: string
  displayName: string
  status: 'stable' | 'beta' | 'stub'
  apiVersion: number
  /** One line for `GET /api/connectors`. */
  description?: string
  /** zod schema of the connection's `settings:` block; validated at start-up. */
  settings: z.ZodType<S>
  auth: ConnectorAuth<S>
  /** The connection's HTTP timeout and concurrency from its settings. Default: 30 s and 4 in flight. */
  http?(settings: S): ConnectorHttpOptions
  /** True when `fetch` honours `mode: 'incremental'` with a cursor. */
  incremental?: boolean
  /**
   * Entities that even a full fetch reads only in part (e.g. payroll results of recent
   * periods only): a full run does not delete their stored records for being unseen, only
   * those a page's `complete` claim covers, as in an incremental run.
   *
   * @example
   * partialReads: ['payroll_result'],
   */
  partialReads?: readonly string[]
  /** Map configured employer references (numbers, codes) to source ids. Default: ref = id. */
  resolveEmployers?(ctx: ConnectorContext<S>, refs: readonly string[]): Promise<EmployerResolution[]>
  /** Probe credentials and rights per employer before the first sync. */
  check?(ctx: ConnectorContext<S>, refs: readonly string[]): Promise<CheckReport>
  /**
   * Called once per run of a connection of this connector, once every employer is committed,
   * failed or held and before the run's end is stored (whoever sees the run ended sees what
   * the hook did): e.g. a file connector moves the files the run read to `processed/` only
   * once they are committed. Errors are logged, never change the
   * run. `ctx.runId` is the run's id, as `fetch` saw it.
   */
  afterRun?(ctx: ConnectorContext<S>, outcome: RunOutcome): Promise<void>
  /**
   * A connector that reads files (`auth: file`) and takes uploads (`POST
   * /api/connections/:id/files`): the folder an uploaded file is written into, atomically,
   * for its next run to read, and the largest file it takes. `checkName` says why a file name
   * would never be read (undefined: it would).
   */
  uploads?(settings: S): FileUploadTarget
  /** Yield raw pages for one employer. All network I/O lives here. */
  fetch(ctx: FetchContext<S>): AsyncIterable<P>
  /** Pure and synchronous: raw page → canonical records (validated by the engine). */
  normalize(page: P, ctx: NormalizeContext<S>): CanonicalRecord[]
}

/** Where `POST /api/connections/:id/files` writes a connection's uploads (`ConnectorDefinition.uploads`). */
export interface FileUploadTarget {
  directory: string
  maxBytes: number
  checkName?(name: string): string | undefined
}

/** How a run ended, per employer, as `afterRun` receives it. */
export interface RunOutcome {
  runId: string
  status: 'succeeded' | 'failed' | 'held'
  employers: ReadonlyArray<{
    /** The employer as configured. */
    ref: string
    /** The source's id, null when it could not be resolved. */
    id: string | null
    /** `succeeded`: its data is committed. `failed` and `held`: nothing of this run is. */
    status: 'succeeded' | 'failed' | 'held'
    error: { code: string; message: string } | null
  }>
}

export interface PluginDefinition {
  name: string
  /** Held erased (`ConnectorDefinition` of any settings and pages): the engine only passes a connector's own pages back to it. */
  connectors: ConnectorDefinition[]
}

/** Fixes the types and freezes the definition. */
export function defineConnector<S, P extends RawPage = RawPage>(definition: ConnectorDefinition<S, P>): ConnectorDefinition<S, P> {
  return Object.freeze({ ...definition })
}

export function definePlugin(plugin: PluginDefinition): PluginDefinition {
  return Object.freeze({ ...plugin, connectors: Object.freeze([...plugin.connectors]) as ConnectorDefinition[] })
}

/**
 * The `default` of a `normalize` switch over the connector's page union. The compiler proves
 * it unreachable (`page` is `never` once every page type has its case, so a missing case
 * fails to compile); at run time a page of another type (a stale fixture, a bug in `fetch`)
 * fails loudly instead of yielding nothing. A connector with a single page type needs no
 * switch.
 *
 * @example
 * default: return unknownPageType('acme-hr', page)
 */
export function unknownPageType(connectorId: string, page: never): never {
  const unhandled: unknown = page
  const type = typeof unhandled === 'object' && unhandled !== null && 'type' in unhandled ? String(unhandled.type) : typeof unhandled
  throw new KoppelError('internal_error', `${connectorId} normalize: unknown raw page type "${type}"`)
}
