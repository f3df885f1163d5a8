import type { ConnectionSpec } from '../connection-spec.js'
import type { CheckReport } from '../connector.js'
import type { Metrics } from '../metrics.js'
import type { Scheduler } from '../scheduler.js'
import type { SyncRunner } from '../sync/sync-runner.js'
import type { Dispatcher } from '../webhooks/dispatcher.js'
import type { RouteGroup } from './app.js'
import type { AppDeps } from './app-deps.js'
import { consoleRoutes } from './console/console-routes.js'
import { authorizationRoutes } from './routes/authorization.js'
import { connectionRoutes } from './routes/connections.js'
import { fileUploadRoutes } from './routes/file-uploads.js'
import { metricsRoutes } from './routes/metrics.js'
import { mutationRoutes } from './routes/mutations.js'
import { oauthRoutes } from './routes/oauth.js'
import { openapiRoutes } from './routes/openapi.js'
import { recordRoutes } from './routes/records.js'
import { runRoutes } from './routes/runs.js'
import { webhookRoutes } from './routes/webhooks.js'

export interface GatewayRouteDeps extends AppDeps {
  /** The configured connections (specs made from `deps.config` at start-up). */
  connections: readonly ConnectionSpec[]
  runner: SyncRunner
  scheduler: Scheduler
  dispatcher: Dispatcher
  metrics: Metrics
  check(connectionId: string): Promise<CheckReport>
}

/** Every route group of the gateway, public and admin. */
export function gatewayRoutes(deps: GatewayRouteDeps): RouteGroup[] {
  return [
    { path: '/', admin: false, app: metricsRoutes({ metrics: deps.metrics }) },
    { path: '/', admin: false, app: oauthRoutes(deps) },
    { path: '/', admin: false, app: openapiRoutes({ publicUrl: deps.config.server.public_url }) },
    { path: '/api', admin: true, app: connectionRoutes({ ...deps, nextRunAt: (id) => deps.scheduler.nextRunAt(id) }) },
    { path: '/api', admin: true, app: fileUploadRoutes(deps) },
    { path: '/api', admin: true, app: authorizationRoutes(deps) },
    { path: '/api', admin: true, app: runRoutes(deps) },
    { path: '/api', admin: true, app: mutationRoutes(deps) },
    { path: '/api', admin: true, app: recordRoutes(deps) },
    { path: '/api', admin: true, app: webhookRoutes({ db: deps.db, webhooks: deps.config.webhooks, dispatcher: deps.dispatcher }) },
    { path: '/', admin: false, app: consoleRoutes(deps) },
  ]
}
