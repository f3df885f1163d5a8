import type { Logger } from 'pino'
import type { ConnectionConfig, GatewayConfig } from '../config/schema.js'
import { resolveOAuthConnection } from './auth/resolve-oauth-connection.js'
import { createTokenProvider } from './auth/token-provider.js'
import { createVault, type Vault } from './auth/vault.js'
import type { CheckReport, HttpClient } from './connector.js'
import { KoppelError } from './errors.js'
import { createApp } from './http/app.js'
import { gatewayRoutes } from './http/gateway-routes.js'
import { createMetrics, koppelMetrics, type Metrics } from './metrics.js'
import { recordEvent } from './record-event.js'
import type { Registry } from './registry.js'
import { Scheduler } from './scheduler.js'
import { ensureConnections } from './storage/connections.js'
import { openDatabase, type Db } from './storage/open-database.js'
import { failStaleRuns } from './storage/runs.js'
import { syncSubscriptions } from './storage/subscriptions.js'
import { SyncRunner } from './sync/sync-runner.js'
import { createHttpClient } from './upstream/create-http-client.js'
import { userAgent } from './version.js'
import { createDispatcher, type Dispatcher } from './webhooks/dispatcher.js'
import { createOutbox, type Outbox } from './webhooks/outbox.js'

export interface Gateway {
  config: GatewayConfig
  db: Db
  vault: Vault
  metrics: Metrics
  outbox: Outbox
  runner: SyncRunner
  scheduler: Scheduler
  dispatcher: Dispatcher
  app: ReturnType<typeof createApp>
  check(connectionId: string): Promise<CheckReport>
  /** Stops in reverse order of start: scheduler, runs, dispatcher, database. */
  close(): Promise<void>
}

/**
 * Builds every part of the gateway from a validated config, without starting anything that
 * runs by itself: the caller starts the scheduler and dispatcher (`start`) or runs one sync
 * (`sync` CLI).
 */
export async function createGateway(config: GatewayConfig, registry: Registry, log: Logger): Promise<Gateway> {
  const vault = createVault(config.secrets.encryption_key)
  const db = await openDatabase({ path: config.storage.path })
  await failStaleRuns(db)
  await ensureConnections(db, config.connections.map((c) => ({
    id: c.id, connector: c.connector,
    initialStatus: registry.get(c.connector)?.auth.kind === 'oauth2-authorization-code' ? 'needs_authorization' : 'ready',
  })))
  await syncSubscriptions(db, config.webhooks)
  const metrics = createMetrics()
  const counters = koppelMetrics(metrics)
  const outbox = createOutbox({ webhooks: config.webhooks, log, metrics })
  const dispatcher = createDispatcher({ db, webhooks: config.webhooks, delivery: config.delivery, log, metrics })

  const httpFor = (connection: ConnectionConfig, signal: AbortSignal): HttpClient => {
    const connector = registry.get(connection.connector)
    const settings = connection.settings as { concurrency?: number }
    const tokens = connector?.auth.kind === 'oauth2-authorization-code'
      ? createTokenProvider({
          db, vault, connectionId: connection.id, log, endpoints: resolveOAuthConnection({ config, registry }, connection.id).endpoints,
          onAuthorizationRequired: async (id) => {
            await recordEvent(db, outbox, { type: 'connection.authorization_required', connection: id, data: { reason: 'the payroll system refused the refresh token (invalid_grant)' } })
            dispatcher.wake()
          },
        })
      : undefined
    return createHttpClient({ concurrency: settings.concurrency ?? 4, timeoutMs: 30_000, tokens, signal, log, userAgent })
  }

  const runner = new SyncRunner({
    db, outbox, registry, connections: config.connections, log, httpFor,
    onRunFinished(result) {
      counters.runs.inc({ connection: result.connection, status: result.status })
      for (const employer of result.employers) {
        if (employer.baseline || employer.status !== 'succeeded') continue
        for (const [entity, counts] of Object.entries(employer.counts)) {
          for (const operation of ['created', 'updated', 'deleted'] as const) {
            if (counts[operation] > 0) counters.mutations.inc({ connection: result.connection, type: `${entity}.${operation}` }, counts[operation])
          }
        }
      }
      dispatcher.wake()
    },
  })
  const scheduler = new Scheduler({ connections: config.connections, runner, log })

  const check = async (connectionId: string): Promise<CheckReport> => {
    const connection = runner.connection(connectionId)
    const connector = registry.get(connection.connector)
    if (!connector?.check) throw new KoppelError('not_implemented', `connector "${connection.connector}" has no rights check`)
    const controller = new AbortController()
    const ctx = { connectionId, settings: connection.settings, http: httpFor(connection, controller.signal), log: log.child({ connection: connectionId }), signal: controller.signal }
    return connector.check(ctx, connection.employers.map(String))
  }

  const deps = { db, config, registry, vault, log }
  const app = createApp(deps, gatewayRoutes({ ...deps, runner, scheduler, dispatcher, metrics, check }))

  return {
    config, db, vault, metrics, outbox, runner, scheduler, dispatcher, app, check,
    async close() {
      scheduler.stop()
      await runner.stop()
      await dispatcher.stop()
      await db.destroy()
    },
  }
}
