import type { ConnectorContext, EmployerRef, FetchContext, HttpClient, Logger, NormalizeContext, SyncMode } from './connector.js'
import type { ConnectionSpec } from './connection-spec.js'

export interface ConnectorContextInput {
  connection: Pick<ConnectionSpec, 'id' | 'settings'>
  http: HttpClient
  log: Logger
  signal: AbortSignal
}

/** What makes a connection-wide context the `fetch` context of one employer. */
export interface EmployerScope {
  employer: EmployerRef
  mode: SyncMode
  cursor: string | null
}

/**
 * The one place a connector's `ctx` is made: `resolveEmployers` and `check` get the
 * connection's context, `fetch` that context for one employer (`forEmployer`), `normalize`
 * only the settings and the employer (`forNormalize`: it is pure and does no I/O). Each is
 * frozen: hooks read it, never change it.
 */
export function createConnectorContext(input: ConnectorContextInput): ConnectorContext {
  return Object.freeze({ connectionId: input.connection.id, settings: input.connection.settings, http: input.http, log: input.log, signal: input.signal })
}

export function forEmployer(ctx: ConnectorContext, scope: EmployerScope): FetchContext {
  return Object.freeze({ ...ctx, employer: scope.employer, mode: scope.mode, cursor: scope.cursor })
}

export function forNormalize(ctx: FetchContext): NormalizeContext {
  return Object.freeze({ settings: ctx.settings, employer: ctx.employer })
}
