import type { ConnectorContext, EmployerRef, FetchContext, HttpClient, Logger, NormalizeContext, SyncMode, UpstreamNotice } from './connector.js'
import type { Entity } from './model/index.js'
import type { ConnectionSpec } from './connection-spec.js'

export interface ConnectorContextInput {
  connection: Pick<ConnectionSpec, 'id' | 'settings'>
  http: HttpClient
  log: Logger
  signal: AbortSignal
  /** Where `ctx.upstreamNotice` goes (core/upstream/upstream-notices.ts); default: dropped. */
  onUpstreamNotice?: (notice: UpstreamNotice) => void
  /** The run, when the context is a run's (`ctx.runId`). */
  runId?: string
}

/** What makes a connection-wide context the `fetch` context of one employer. */
export interface EmployerScope {
  employer: EmployerRef
  mode: SyncMode
  cursor: string | null
  /** Where `ctx.vanished` goes (the employer's vanished log, core/sync/keep-vanished.ts); default: dropped. */
  onVanished?: (entity: Entity, id: string) => void
  /** Where `ctx.invalid` goes (the employer's invalid log, core/sync/keep-vanished.ts); default: dropped. */
  onInvalid?: (entity: Entity, id: string, reason: string) => void
}

/**
 * The one place a connector's `ctx` is made: `resolveEmployers` and `check` get the
 * connection's context, `fetch` that context for one employer (`forEmployer`), `normalize`
 * only the settings and the employer (`forNormalize`: it is pure and does no I/O). Each is
 * frozen: hooks read it, never change it.
 */
export function createConnectorContext(input: ConnectorContextInput): ConnectorContext {
  const onNotice = input.onUpstreamNotice
  return Object.freeze({
    connectionId: input.connection.id, settings: input.connection.settings, http: input.http, log: input.log, signal: input.signal,
    upstreamNotice: (notice: UpstreamNotice) => onNotice?.(notice),
    ...(input.runId === undefined ? {} : { runId: input.runId }),
  })
}

export function forEmployer(ctx: ConnectorContext, scope: EmployerScope): FetchContext {
  const { onVanished, onInvalid } = scope
  return Object.freeze({
    ...ctx, employer: scope.employer, mode: scope.mode, cursor: scope.cursor,
    vanished: (entity: Entity, id: string) => onVanished?.(entity, id),
    invalid: (entity: Entity, id: string, reason: string) => onInvalid?.(entity, id, reason),
  })
}

export function forNormalize(ctx: FetchContext): NormalizeContext {
  return Object.freeze({ settings: ctx.settings, employer: ctx.employer })
}
