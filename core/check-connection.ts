import type { CheckReport, Logger } from './connector.js'
import { createConnectorContext } from './connector-context.js'
import type { ConnectionSpec } from './connection-spec.js'
import { KoppelError } from './errors.js'
import type { Registry } from './registry.js'
import type { HttpFor } from './upstream/create-connection-http.js'
import type { UpstreamNoticeSink } from './upstream/upstream-notices.js'

export interface CheckConnectionDeps {
  registry: Pick<Registry, 'get'>
  /** Finds a configured connection; throws `not_found` (the runner's `connection`). */
  connection(connectionId: string): ConnectionSpec
  httpFor: HttpFor
  log: Logger
  upstreamNotices?: UpstreamNoticeSink
}

/**
 * `POST /api/connections/:id/check` and `tsx gateway.ts check`: the connector's probe of
 * credentials and rights for every configured employer, with the same `ctx` a sync gets.
 * `not_implemented` for a connector without a `check`.
 */
export async function checkConnection(deps: CheckConnectionDeps, connectionId: string): Promise<CheckReport> {
  const connection = deps.connection(connectionId)
  const connector = deps.registry.get(connection.connector)
  if (!connector?.check) throw new KoppelError('not_implemented', `connector "${connection.connector}" has no rights check`)
  const signal = new AbortController().signal
  const ctx = createConnectorContext({ connection, http: deps.httpFor(connection, signal), log: deps.log.child({ connection: connectionId }), signal,
    onUpstreamNotice: (notice) => deps.upstreamNotices?.(connector.id, notice) })
  return connector.check(ctx, connection.employers)
}
