import type { ConnectionConfig, GatewayConfig } from '../config/schema.js'
import type { ConnectorDefinition } from './connector.js'
import { deepFreeze } from './deep-freeze.js'
import { KoppelError } from './errors.js'
import type { Registry } from './registry.js'

/**
 * A configured connection as the engine sees it: made once from the validated YAML
 * (`connections[i]`, snake_case) at the edge, camelCase and deep-frozen inside. The runner,
 * scheduler, sync and routes read this, never the YAML type, so a change of YAML spelling
 * stays in this file.
 */
export interface ConnectionSpec {
  readonly id: string
  readonly connector: string
  readonly enabled: boolean
  /** Cron pattern of incremental syncs; null for manual syncs only. */
  readonly schedule: string | null
  /** Cron pattern of full syncs (the loader fills in a nightly one when `schedule` is set). */
  readonly fullSyncSchedule: string | null
  readonly timezone: string
  /** Employer references as configured (numbers as strings). */
  readonly employers: readonly string[]
  /** `baseline`: the first run stores the snapshot silently; `emit`: it emits `created`. */
  readonly initialSync: 'baseline' | 'emit'
  readonly deleteGuard: { readonly maxRatio: number; readonly minCount: number }
  /** The connector's settings, as its schema produced them (loadConfig parses them). */
  readonly settings: unknown
  /** The connection's upstream client settings, from the connector's `http` hook. */
  readonly http: ConnectionHttp
}

export interface ConnectionHttp {
  readonly timeoutMs: number
  /** Requests in flight at once through `ctx.http`; null when the connector limits its own requests. */
  readonly concurrency: number | null
}

export const defaultConnectionHttp: ConnectionHttp = Object.freeze({ timeoutMs: 30_000, concurrency: 4 })

/** One connection's spec; `connector` is the definition its `connector:` names. */
export function createConnectionSpec(connection: ConnectionConfig, connector: ConnectorDefinition): ConnectionSpec {
  const http = connector.http?.(connection.settings)
  return deepFreeze({
    id: connection.id,
    connector: connection.connector,
    enabled: connection.enabled,
    schedule: connection.schedule ?? null,
    fullSyncSchedule: connection.full_sync_schedule ?? null,
    timezone: connection.timezone,
    employers: connection.employers.map(String),
    initialSync: connection.initial_sync,
    deleteGuard: { maxRatio: connection.delete_guard.max_ratio, minCount: connection.delete_guard.min_count },
    settings: connection.settings,
    http: {
      timeoutMs: http?.timeoutMs ?? defaultConnectionHttp.timeoutMs,
      concurrency: http?.concurrency === 'connector' ? null : (http?.concurrency ?? defaultConnectionHttp.concurrency),
    },
  })
}

/** Every connection of the config; `config_invalid` for a connector the registry lacks (loadConfig reports it first). */
export function connectionSpecs(config: Pick<GatewayConfig, 'connections'>, registry: Pick<Registry, 'get'>): readonly ConnectionSpec[] {
  return Object.freeze(config.connections.map((connection) => {
    const connector = registry.get(connection.connector)
    if (!connector) throw new KoppelError('config_invalid', `connector "${connection.connector}" of connection "${connection.id}" is not registered`)
    return createConnectionSpec(connection, connector)
  }))
}
