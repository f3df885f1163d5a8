import { pino } from 'pino'
import { loadConfig } from '../../config/load-config.js'
import { saveTokens } from '../../core/auth/token-store.js'
import { createGateway } from '../../core/create-gateway.js'
import { gatewayRegistry } from '../../cli/gateway-registry.js'
import { entityNames } from './admin-api.js'
import { connectionId, type ReliabilityWorld } from './reliability-world.js'

export type Snapshot = Record<string, unknown[]>

export interface Reference {
  snapshot: Snapshot
  /** `entity/id` of records the source holds but that fail validation: a gateway keeps their last good version, a fresh one has none. */
  invalid: Set<string>
}

/**
 * What the source holds right now, as Koppel would store it: a fresh gateway on a fresh
 * in-memory database, one full sync against the same simulated Loket.nl, then every record
 * of every entity through the API (sorted the same way as the gateway under test's).
 */
export async function referenceSnapshot(world: ReliabilityWorld): Promise<Reference> {
  const path = world.writeConfig({ dbPath: ':memory:', initialSync: 'baseline', webhooks: false, name: 'reference' })
  const loaded = await loadConfig({ path, env: { ...process.env, ...world.env }, resolveRegistry: gatewayRegistry })
  if (!loaded.ok) throw new Error(`reference config invalid: ${loaded.problems.join('; ')}`)
  const gateway = await createGateway(loaded.config, loaded.registry, pino({ level: 'silent' }))
  try {
    const tokens = world.sandbox.oauth.issueTokens()
    await saveTokens(gateway.db, gateway.vault, { id: connectionId, connector: 'loket' }, {
      accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: new Date(Date.now() + tokens.expiresIn * 1000).toISOString(),
    })
    const { done } = await gateway.runner.trigger(connectionId, { trigger: 'cli', mode: 'full' })
    const result = await done
    if (result.status !== 'succeeded') throw new Error(`reference sync ${result.status}: ${JSON.stringify(result.error)}`)
    const snapshot: Snapshot = {}
    for (const entity of entityNames) {
      const response = await gateway.app.request(`/api/records/${entity}?limit=1000`, { headers: { authorization: `Bearer ${world.secrets.adminToken}` } })
      const page = (await response.json()) as { items: unknown[]; nextCursor: string | null }
      if (page.nextCursor !== null) throw new Error('reference snapshot has more than 1000 records of one entity; page it')
      snapshot[entity] = page.items
    }
    const invalid = new Set(result.employers.flatMap((e) => e.invalid.map((i) => `${i.entity}/${i.id}`)))
    return { snapshot, invalid }
  } finally {
    await gateway.close()
  }
}

/** The snapshot the gateway under test serves at `/api/records/*`. */
export async function servedSnapshot(world: ReliabilityWorld): Promise<Snapshot> {
  const snapshot: Snapshot = {}
  for (const entity of entityNames) snapshot[entity] = await world.api.records(entity)
  return snapshot
}
