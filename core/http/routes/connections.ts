import { Hono } from 'hono'
import { z } from 'zod'
import type { ConnectionSpec } from '../../connection-spec.js'
import type { CheckReport } from '../../connector.js'
import { KoppelError } from '../../errors.js'
import type { Registry } from '../../registry.js'
import { getConnectionRow } from '../../storage/connections.js'
import type { Db } from '../../storage/open-database.js'
import { lastRun } from '../../storage/runs.js'
import type { SyncRunner } from '../../sync/sync-runner.js'
import { presentRun } from './present.js'
import { parseJsonBody } from './query-params.js'

export interface ConnectionRoutesDeps {
  db: Db
  registry: Registry
  connections: readonly ConnectionSpec[]
  runner: SyncRunner
  nextRunAt(connectionId: string): Date | null
  check(connectionId: string): Promise<CheckReport>
}

export const syncBody = z.strictObject({
  force: z.boolean().optional(),
  mode: z.enum(['full', 'incremental']).optional(),
})

/** `GET /connectors`, `GET /connections[/:id]`, `POST /connections/:id/sync`, `POST /connections/:id/check`. */
export function connectionRoutes(deps: ConnectionRoutesDeps): Hono {
  const find = (id: string) => {
    const connection = deps.connections.find((c) => c.id === id)
    if (!connection) throw new KoppelError('not_found', `connection "${id}" is not configured`)
    return connection
  }
  const present = async (connection: ConnectionSpec) => {
    const [row, run] = await Promise.all([getConnectionRow(deps.db, connection.id), lastRun(deps.db, connection.id)])
    const connector = deps.registry.get(connection.connector)
    const stored = row?.status ?? 'needs_authorization'
    // Tokens kept after an invalid_grant are no authorization: both fields follow the stored status.
    const authorized = stored !== 'needs_authorization' && (row?.credentials != null || connector?.auth.kind !== 'oauth2-authorization-code')
    return {
      id: connection.id,
      connector: connection.connector,
      connectorStatus: connector?.status ?? null,
      // A run of any process on this database counts (a CLI `sync`, another replica): its row is `running`.
      status: (deps.runner.isRunning(connection.id) || run?.status === 'running') && stored !== 'needs_authorization' ? 'syncing' : stored,
      enabled: connection.enabled,
      employers: connection.employers,
      schedule: connection.schedule,
      fullSyncSchedule: connection.fullSyncSchedule,
      timezone: connection.timezone,
      authorized,
      tokenExpiresAt: row?.token_expires_at ?? null,
      lastRun: run ? presentRun(run) : null,
      nextRunAt: deps.nextRunAt(connection.id)?.toISOString() ?? null,
    }
  }

  return new Hono()
    .get('/connectors', (c) =>
      c.json({
        items: deps.registry.list().map((connector) => ({
          id: connector.id, displayName: connector.displayName, status: connector.status, auth: connector.auth.kind,
          apiVersion: connector.apiVersion, description: connector.description ?? null, incremental: connector.incremental ?? false,
        })),
      }),
    )
    .get('/connections', async (c) => c.json({ items: await Promise.all(deps.connections.map(present)) }))
    .get('/connections/:id', async (c) => c.json(await present(find(c.req.param('id')))))
    .post('/connections/:id/sync', async (c) => {
      const connection = find(c.req.param('id'))
      const body = await parseJsonBody(syncBody, c.req.raw)
      if (!connection.enabled) throw new KoppelError('connection_disabled', `connection "${connection.id}" is disabled (enabled: false)`)
      const { runId } = await deps.runner.trigger(connection.id, { trigger: 'api', force: body.force, mode: body.mode })
      return c.json({ runId }, 202)
    })
    .post('/connections/:id/check', async (c) => c.json(await deps.check(find(c.req.param('id')).id)))
}
