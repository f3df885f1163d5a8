import { pino } from 'pino'
import { gatewayConfigSchema } from '../../../config/schema.js'
import { builtinConnectors } from '../../../connectors/index.js'
import { generateEncryptionKey } from '../../../core/auth/vault.js'
import { createGateway, type Gateway } from '../../../core/create-gateway.js'
import { createRegistry } from '../../../core/registry.js'
import { createFakeConnector, createFakeSource, type FakeSource } from '../../fakes/fake-connector.js'
import { testStorage } from '../../helpers/test-database.js'

export const adminToken = 'test-admin-token-0123456789abcdef'

export interface GatewayHarness {
  gateway: Gateway
  source: FakeSource
  /** `app.request` with the admin token (unless `token` says otherwise). */
  request(path: string, init?: RequestInit & { token?: string | null }): Promise<Response>
  waitForRun(runId: string): Promise<{ status: string; [key: string]: unknown }>
}

/** A whole gateway on a fresh database (SQLite in memory, or PostgreSQL under test:pg) with one fake connection (`acme`) and built-ins. */
export async function createGatewayHarness(extra: Record<string, unknown> = {}): Promise<GatewayHarness> {
  const source = createFakeSource(10)
  const config = gatewayConfigSchema.parse({
    server: { public_url: 'http://127.0.0.1:8080', admin_token: adminToken },
    storage: extra.storage ?? await testStorage(),
    secrets: { encryption_key: generateEncryptionKey() },
    connections: [
      { id: 'acme', connector: 'fake', employers: ['er-1'] },
      { id: 'paused', connector: 'fake', employers: ['er-1'], enabled: false },
    ],
    ...extra,
  })
  const registry = createRegistry([...builtinConnectors, createFakeConnector(source)])
  const gateway = await createGateway(config, registry, pino({ level: 'silent' }))
  const request = (path: string, init: RequestInit & { token?: string | null } = {}) => {
    const headers = new Headers(init.headers)
    const token = init.token === undefined ? adminToken : init.token
    if (token !== null) headers.set('authorization', `Bearer ${token}`)
    return Promise.resolve(gateway.app.request(path, { ...init, headers }))
  }
  return {
    gateway, source, request,
    async waitForRun(runId) {
      for (;;) {
        const run = (await (await request(`/api/runs/${runId}`)).json()) as { status: string }
        if (run.status !== 'running') return run
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
    },
  }
}
