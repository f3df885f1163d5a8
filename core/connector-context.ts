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
}

/** What makes a connection-wide context the `fetch` context of one employer. */
export interface EmployerScope {
  employer: EmployerRef
  mode: SyncMode
  cursor: string | null
  /** Where `ctx.vanished` goes (the employer's vanished log, core/sync/keep-vanished.ts); default: dropped. */
  onVanished?: (entity: Entity, id: string) => void
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
  })
}

export function forEmployer(ctx: ConnectorContext, scope: EmployerScope): FetchContext {
  const onVanished = scope.onVanished
  return Object.freeze({ ...ctx, employer: scope.employer, mode: scope.mode, cursor: scope.cursor, vanished: (entity: Entity, id: string) => onVanished?.(entity, id) })
}

export function forNormalize(ctx: FetchContext): NormalizeContext {
  return Object.freeze({ settings: ctx.settings, employer: ctx.employer })
}
