import { createTokenProvider } from '../auth/token-provider.js'
import type { Vault } from '../auth/vault.js'
import type { ConnectionSpec } from '../connection-spec.js'
import type { HttpClient, Logger } from '../connector.js'
import type { Registry } from '../registry.js'
import type { Db } from '../storage/open-database.js'
import { userAgent } from '../version.js'
import { createHttpClient } from './create-http-client.js'
import type { RetryPolicy } from './retry-policy.js'

export interface ConnectionHttpDeps {
  db: Db
  vault: Vault
  registry: Pick<Registry, 'get'>
  log: Logger
  /** Overrides of the retry policy (tests shorten the backoff). */
  retry?: Partial<RetryPolicy>
  /** The payroll system refused the refresh token: the connection needs a new authorization. */
  onAuthorizationRequired(connectionId: string): Promise<void>
}

/** Makes one connection's upstream client for one run (or one check). */
export type HttpFor = (connection: ConnectionSpec, signal: AbortSignal) => HttpClient

/**
 * The `ctx.http` of a connection: the timeout and concurrency its spec carries (from the
 * connector's `http` hook) and, for an OAuth2 connector, a token provider over the stored
 * tokens. A new client per run, so the run's signal aborts everything it started.
 */
export function createConnectionHttp(deps: ConnectionHttpDeps): HttpFor {
  return (connection, signal) => {
    const auth = deps.registry.get(connection.connector)?.auth
    const tokens = auth?.kind === 'oauth2-authorization-code'
      ? createTokenProvider({
          db: deps.db, vault: deps.vault, connectionId: connection.id, log: deps.log,
          endpoints: auth.endpoints(connection.settings), onAuthorizationRequired: deps.onAuthorizationRequired,
        })
      : undefined
    return createHttpClient({
      ...deps.retry, timeoutMs: connection.http.timeoutMs, concurrency: connection.http.concurrency ?? undefined, tokens, signal, log: deps.log, userAgent,
    })
  }
}
