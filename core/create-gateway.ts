import type { Logger } from 'pino'
import { parseDuration, type GatewayConfig } from '../config/schema.js'
import { createVault, type Vault } from './auth/vault.js'
import { checkConnection } from './check-connection.js'
import { registerConnectionGauges } from './connection-gauges.js'
import { connectionSpecs, type ConnectionSpec } from './connection-spec.js'
import type { CheckReport } from './connector.js'
import { createApp } from './http/app.js'
import { gatewayRoutes } from './http/gateway-routes.js'
import { createMetrics, koppelMetrics, type Metrics } from './metrics.js'
import { recordEvent } from './record-event.js'
import type { Registry } from './registry.js'
import { createRetentionPruner, type RetentionPruner } from './retention-pruner.js'
import { Scheduler } from './scheduler.js'
import { createChangeSignal, type ChangeSignalOptions } from './storage/change-signal.js'
import { postgresListener } from './storage/open-postgres.js'
import { ensureConnections } from './storage/connections.js'
import { openDatabase, storageOptions, type Db } from './storage/open-database.js'
import { failStaleRuns } from './storage/runs.js'
import { syncSubscriptions } from './storage/subscriptions.js'
import { recordRunMetrics } from './sync/record-run-metrics.js'
import { createUpstreamNotices } from './upstream/upstream-notices.js'
import { SyncRunner } from './sync/sync-runner.js'
import { createConnectionHttp } from './upstream/create-connection-http.js'
import type { RetryPolicy } from './upstream/retry-policy.js'
import { createDispatcher, type Dispatcher } from './webhooks/dispatcher.js'
import { createOutbox, type Outbox } from './webhooks/outbox.js'

export interface Gateway {
  config: GatewayConfig
  /** The configured connections as the engine reads them (camelCase, frozen). */
  connections: readonly ConnectionSpec[]
  db: Db
  vault: Vault
  metrics: Metrics
  outbox: Outbox
  runner: SyncRunner
  scheduler: Scheduler
  dispatcher: Dispatcher
  /** Applies `retention:`; `start` starts it, `prune` runs one pass. */
  pruner: RetentionPruner
  app: ReturnType<typeof createApp>
  check(connectionId: string): Promise<CheckReport>
  /** Stops in reverse order of start: scheduler, runs, pruner, dispatcher, database. */
  close(): Promise<void>
}

export interface GatewayOptions {
  /**
   * Overrides the upstream client's retry policy (defaults in core/upstream/retry-policy.ts).
   * Not part of the YAML: end-to-end tests shorten the backoff so fault scenarios stay fast.
   */
  upstreamRetry?: Partial<RetryPolicy>
  /**
   * This process is a server (`start`): a run still `running` whose owner is certainly gone
   * on this host (its previous life, a pid that no longer exists) is failed at once instead
   * of blocking its connection until its lease runs out (`failStaleRuns`). CLI commands
   * leave it off; runs of other hosts and replicas are left to their lease.
   */
  ownsRuns?: boolean
  /** PostgreSQL: opens the dedicated connection that LISTENs for other processes' commits. */
  listen?: ChangeSignalOptions['listen']
}

/**
 * Builds every part of the gateway from a validated config, without starting anything that
 * runs by itself: the caller starts the scheduler and dispatcher (`start`) or runs one sync
 * (`sync` CLI).
 */
export async function createGateway(config: GatewayConfig, registry: Registry, log: Logger, options: GatewayOptions = {}): Promise<Gateway> {
  const connections = connectionSpecs(config, registry)
  const vault = createVault(config.secrets.encryption_key)
  const db = await openDatabase(storageOptions(config.storage, log))
  const abandoned = await failStaleRuns(db, { all: options.ownsRuns ?? false })
  if (abandoned > 0) log.warn({ runs: abandoned }, 'runs left running by a stopped process marked failed')
  await ensureConnections(db, connections.map((c) => ({
    id: c.id, connector: c.connector,
    initialStatus: registry.get(c.connector)?.auth.kind === 'oauth2-authorization-code' ? 'needs_authorization' : 'ready',
  })))
  await syncSubscriptions(db, config.webhooks)
  const metrics = createMetrics()
  const counters = koppelMetrics(metrics)
  registerConnectionGauges(metrics, db, connections)
  const outbox = createOutbox({ webhooks: config.webhooks, log, metrics })
  // Commits of other processes (the CLI's sync, other replicas) wake the dispatcher. On
  // PostgreSQL the LISTEN connection comes from the database's opener (`listen`); without
  // it the dispatcher finds their deliveries at its poll.
  const changes = createChangeSignal(db, {
    listen: options.listen ?? (config.storage.driver === 'postgres' ? postgresListener(config.storage.url) : undefined),
    onError: (error) => log.warn({ err: { message: error.message } }, 'change signal failed; deliveries wait for the poll'),
  })
  const dispatcher = createDispatcher({
    db, webhooks: config.webhooks, delivery: config.delivery, log, metrics, changes,
    leaseMarginMs: config.delivery.lease_margin === undefined ? undefined : parseDuration(config.delivery.lease_margin),
  })

  const httpFor = createConnectionHttp({
    db, vault, registry, log, retry: options.upstreamRetry,
    async onAuthorizationRequired(id) {
      await recordEvent(db, outbox, { type: 'connection.authorization_required', connection: id, data: { reason: 'the payroll system refused the refresh token (invalid_grant)' } })
      dispatcher.wake()
    },
  })
  const upstreamNotices = createUpstreamNotices(metrics, log)
  const runner = new SyncRunner({
    db, outbox, registry, connections, log, httpFor, upstreamNotices,
    runLeaseMs: parseDuration(config.storage.run_lease),
    onCommitted: () => dispatcher.wake(),
    onRunFinished(result) {
      recordRunMetrics(counters, result)
      dispatcher.wake()
    },
  })
  const scheduler = new Scheduler({ connections, runner, log, db, runLeaseMs: parseDuration(config.storage.run_lease) })
  const pruner = createRetentionPruner({ db, retention: config.retention, log: log.child({ component: 'retention' }) })
  const check = (connectionId: string) => checkConnection({ registry, connection: (id) => runner.connection(id), httpFor, log, upstreamNotices }, connectionId)

  const deps = { db, config, registry, vault, log }
  const app = createApp(deps, gatewayRoutes({ ...deps, connections, runner, scheduler, dispatcher, metrics, check }))

  return {
    config, connections, db, vault, metrics, outbox, runner, scheduler, dispatcher, pruner, app, check,
    async close() {
      scheduler.stop()
      await runner.stop()
      await pruner.stop()
      await dispatcher.stop()
      await db.destroy()
    },
  }
}
