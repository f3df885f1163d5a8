import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../cli/demo/demo-config.js'
import { createRng, startLoketSandbox, type StartedLoketSandbox } from '../../connectors/loket/sandbox/index.js'
import { generateEncryptionKey } from '../../core/auth/vault.js'
import type { MutationData } from '../../core/model/index.js'
import { startWebhookReceiver, type WebhookReceiver } from '../fakes/webhook-receiver.js'
import { adminApi, type AdminApi } from '../reliability/admin-api.js'
import { startGatewayChild, type GatewayChild } from '../reliability/gateway-child.js'
import { onPostgres, testPostgresUrl } from '../helpers/test-database.js'

/**
 * Three gateway processes on one PostgreSQL database, behind no load balancer: the test is the
 * load balancer, and sends each request to whichever replica it likes. One simulated Loket.nl
 * and one verifying receiver serve all three (DESIGN.md §10).
 */
const connectionId = 'shared-loket'
const webhookId = 'benefits'
const runLease = '2s'

interface Replica {
  name: string
  port: number
  api: AdminApi
  child: GatewayChild
}

let dir: string
let databaseUrl: string
let databaseName: string
let sandbox: StartedLoketSandbox
let receiver: WebhookReceiver
let replicas: Replica[] = []
let env: Record<string, string>

async function admin<T>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: testPostgresUrl })
  await client.connect()
  try {
    return (await client.query(sql)).rows as T[]
  } finally {
    await client.end()
  }
}

/** What the load balancer would be: every replica has the same public URL (replica a's address). */
let publicUrl: string

function writeConfig(name: string, port: number): string {
  const employers = [...sandbox.data.employers.values()].map((e) => `"${e.employer.employerNumber}"`).join(', ')
  const yaml = `server: { host: 127.0.0.1, port: ${port}, public_url: "${publicUrl}", admin_token: "\${KOPPEL_ADMIN_TOKEN}" }
storage: { driver: postgres, url: "\${DATABASE_URL}", pool_size: 5, run_lease: ${runLease} }
secrets: { encryption_key: "\${KOPPEL_ENCRYPTION_KEY}" }
log: { level: info }
delivery: { concurrency: 8 }
connections:
  - id: ${connectionId}
    connector: loket
    employers: [${employers}]
    initial_sync: emit
    delete_guard: { max_ratio: 1, min_count: 100000 }
    settings:
      api_base_url: "${sandbox.apiBaseUrl}"
      oauth_base_url: "${sandbox.oauthBaseUrl}"
      client_id: "\${LOKET_CLIENT_ID}"
      client_secret: "\${LOKET_CLIENT_SECRET}"
webhooks:
  - id: ${webhookId}
    url: "${receiver.url}"
    secret: "\${WEBHOOK_SECRET}"
    timeout: 2s
    retry_schedule: [100ms, 200ms, 500ms]
`
  const path = join(dir, `${name}.yaml`)
  writeFileSync(path, yaml)
  return path
}

async function startReplica(name: string, port: number): Promise<Replica> {
  const child = await startGatewayChild({ configPath: writeConfig(name, port), port, env, logFile: join(dir, `${name}.log`) })
  return { name, port, child, api: adminApi(`http://127.0.0.1:${port}`, env.KOPPEL_ADMIN_TOKEN!) }
}

async function feed(api: AdminApi): Promise<MutationData[]> {
  return api.feed()
}

/** Waits until every mutation in the feed reached the receiver, or fails after `timeoutMs`. */
async function allDelivered(api: AdminApi, timeoutMs = 60_000): Promise<MutationData[]> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const mutations = await feed(api)
    const seen = new Set(receiver.received.map((r) => r.id))
    if (mutations.length > 0 && mutations.every((m) => seen.has(m.id))) return mutations
    if (Date.now() > deadline) throw new Error(`${mutations.filter((m) => !seen.has(m.id)).length} of ${mutations.length} mutations not delivered after ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** Each webhook-id at most once at the receiver (a 2xx answered every one of them). */
function duplicates(): string[] {
  const counts = new Map<string, number>()
  for (const request of receiver.received) counts.set(request.id, (counts.get(request.id) ?? 0) + 1)
  return [...counts].filter(([, n]) => n > 1).map(([id]) => id)
}

describe.skipIf(!onPostgres)('three replicas on one PostgreSQL database', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'koppel-replicas-'))
    databaseName = `koppel_replicas_${randomBytes(4).toString('hex')}`
    await admin(`CREATE DATABASE ${databaseName}`)
    const url = new URL(testPostgresUrl)
    url.pathname = `/${databaseName}`
    databaseUrl = url.href
    sandbox = await startLoketSandbox({ seed: 14, employers: 2, employeesPerEmployer: 12, autoApprove: true, clientId: 'replicas', clientSecret: `cs-${randomBytes(12).toString('hex')}` })
    const webhookSecret = `whsec_${randomBytes(32).toString('base64')}`
    receiver = await startWebhookReceiver({ secrets: [webhookSecret] })
    env = {
      DATABASE_URL: databaseUrl, KOPPEL_ADMIN_TOKEN: randomBytes(24).toString('base64url'), KOPPEL_ENCRYPTION_KEY: generateEncryptionKey(),
      WEBHOOK_SECRET: webhookSecret, LOKET_CLIENT_ID: sandbox.oauth.clientId, LOKET_CLIENT_SECRET: sandbox.oauth.clientSecret,
    }
    // Started at once: the migrations run under the advisory lock, once.
    const ports = [await freePort(), await freePort(), await freePort()]
    publicUrl = `http://127.0.0.1:${ports[0]}`
    replicas = await Promise.all(['a', 'b', 'c'].map((name, i) => startReplica(name, ports[i]!)))
    // Consent begins on replica a and its callback lands on replica c: the state lives in the database.
    const { json } = await replicas[0]!.api.call<{ authorizeUrl: string }>('POST', `/api/connections/${connectionId}/authorize`)
    const consent = await fetch(json.authorizeUrl, { redirect: 'manual' })
    const callback = new URL(consent.headers.get('location')!)
    callback.port = String(replicas[2]!.port)
    expect(await (await fetch(callback)).text()).toContain('succeeded')
  }, 120_000)

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.child.stop('SIGKILL')))
    await receiver?.close()
    await sandbox?.close()
    if (databaseName) await admin(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`)
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('a sync sent to all three at once starts once (one 202, two 409); every mutation is delivered once, in per-record order', async () => {
    const answers = await Promise.all(replicas.map((replica) => replica.api.call<{ runId?: string; error?: { code: string } }>('POST', `/api/connections/${connectionId}/sync`, {})))
    expect(answers.map((answer) => answer.status).sort()).toEqual([202, 409, 409])
    const runId = answers.find((answer) => answer.status === 202)!.json.runId!
    const run = await replicas[1]!.api.waitForRun(runId, 90_000)
    expect(run.status).toBe('succeeded')

    const mutations = await allDelivered(replicas[2]!.api)
    expect(new Set(mutations.map((m) => m.id)).size).toBe(mutations.length)
    // The feed is the same from every replica.
    expect((await feed(replicas[0]!.api)).map((m) => m.id)).toEqual(mutations.map((m) => m.id))
    expect(duplicates()).toEqual([])
    const delivered = receiver.received.filter((r) => r.type.split('.')[0] !== 'sync')
    expect(delivered.every((r) => r.verified)).toBe(true)

    // Per record, the receiver saw the mutations in sequence order, whichever replica sent them.
    const sequenceOf = new Map(mutations.map((m) => [m.id, m.sequence]))
    const recordOf = new Map(mutations.map((m) => [m.id, `${m.entity}/${m.recordId}`]))
    const lastSeen = new Map<string, number>()
    for (const request of delivered) {
      const sequence = sequenceOf.get(request.id)
      if (sequence === undefined) continue
      const record = recordOf.get(request.id)!
      expect(sequence, `order of ${record}`).toBeGreaterThan(lastSeen.get(record) ?? 0)
      lastSeen.set(record, sequence)
    }
  }, 180_000)

  it('kill -9 of the replica that owns a run: its lease expires, the run fails with lease_expired, another replica runs it again; nothing is duplicated', async () => {
    const rng = createRng(141)
    for (let i = 0; i < 4; i++) sandbox.randomEdit(rng)
    sandbox.latencyMs = 150 // slow enough that the kill lands mid-fetch
    const owner = replicas[0]!
    const runId = await owner.api.startSync(connectionId, { mode: 'full' })
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    expect((await replicas[1]!.api.get<{ status: string }>(`/api/runs/${runId}`)).status).toBe('running')
    await owner.child.stop('SIGKILL')
    sandbox.latencyMs = 0

    const survivor = replicas[1]!
    const deadline = Date.now() + 30_000
    let failed: { status: string; error: { code: string } | null }
    for (;;) {
      failed = await survivor.api.get(`/api/runs/${runId}`)
      if (failed.status !== 'running' || Date.now() > deadline) break
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    expect(failed.status).toBe('failed')
    expect(failed.error?.code).toBe('lease_expired')

    const again = await survivor.api.sync(connectionId, { mode: 'full' })
    expect(again.status).toBe('succeeded')
    const mutations = await allDelivered(replicas[2]!.api)
    expect(new Set(mutations.map((m) => m.id)).size).toBe(mutations.length)
    expect(duplicates()).toEqual([])
  }, 180_000)
})
