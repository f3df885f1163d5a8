import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { connectionSchema } from '../../../config/schema.js'
import loket from '../../../connectors/loket/index.js'
import { saveTokens } from '../../../core/auth/token-store.js'
import { createVault, generateEncryptionKey } from '../../../core/auth/vault.js'
import { createConnectionSpec } from '../../../core/connection-spec.js'
import { defineConnector, type ConnectorDefinition } from '../../../core/connector.js'
import { createRegistry } from '../../../core/registry.js'
import { type Db } from '../../../core/storage/open-database.js'
import { createConnectionHttp } from '../../../core/upstream/create-connection-http.js'
import { createFakeConnector, createFakeSource } from '../../fakes/fake-connector.js'
import { json, recordingLogger, startTestServer, type TestServer } from './start-test-server.js'
import { openTestDatabase } from '../../helpers/test-database.js'

let server: TestServer | undefined
let db: Db | undefined
afterEach(async () => {
  await server?.close()
  await db?.destroy()
  server = db = undefined
})

const plain = defineConnector({ ...createFakeConnector(createFakeSource()), id: 'plain', settings: z.looseObject({}) })
const hooked = defineConnector({ ...plain, id: 'hooked', http: () => ({ concurrency: 2, timeoutMs: 600 }) })

async function httpOf(connector: ConnectorDefinition, settings: Record<string, unknown> = {}) {
  db = await openTestDatabase()
  const vault = createVault(generateEncryptionKey())
  const expiresAt = new Date(Date.now() + 3_600_000).toISOString()
  await saveTokens(db, vault, { id: 'acme', connector: connector.id }, { accessToken: 'stored-access', refreshToken: 'stored-refresh', expiresAt })
  const httpFor = createConnectionHttp({
    db, vault, registry: createRegistry([plain, hooked, loket as ConnectorDefinition]), log: recordingLogger(),
    retry: { retries: 0 }, onAuthorizationRequired: async () => {},
  })
  const spec = createConnectionSpec(connectionSchema.parse({ id: 'acme', connector: connector.id, employers: ['er-1'], settings }), connector)
  return httpFor(spec, new AbortController().signal)
}

const slowServer = (ms: number) => startTestServer((_req, res) => void setTimeout(() => json(res, 200, {}), ms))
const burst = (http: { getJson(url: string): Promise<unknown> }, n: number) => Promise.all(Array.from({ length: n }, (_, i) => http.getJson(`${server!.url}/r${i}`)))

describe('createConnectionHttp', () => {
  it('limits a connector without an http hook to the default 4 requests in flight', async () => {
    server = await slowServer(40)
    await burst(await httpOf(plain), 10)
    expect(server.maxInFlight).toBe(4)
  })

  it("applies the hook's concurrency and timeout", async () => {
    server = await slowServer(40)
    await burst(await httpOf(hooked), 8)
    expect(server.maxInFlight).toBe(2)
    await server.close()
    server = await slowServer(2000)
    await expect((await httpOf(hooked)).getJson(`${server.url}/slow`)).rejects.toMatchObject({ code: 'upstream_timeout' })
  })

  it('adds no second limit under a connector that limits its own requests (loket), and sends its stored token', async () => {
    server = await slowServer(40)
    const http = await httpOf(loket as ConnectorDefinition, loket.settings.parse({ client_id: 'abc', concurrency: 2 }))
    // The one limit of settings.concurrency is the Loket fetch's own pool (tests/connectors/loket/fetch-pipeline.test.ts).
    await burst(http, 10)
    expect(server.maxInFlight).toBe(10)
    expect(new Set(server.requests.map((request) => request.authorization))).toEqual(new Set(['Bearer stored-access']))
  })
})
