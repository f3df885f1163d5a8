import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startLoketSandbox, type StartedLoketSandbox } from '../../connectors/loket/sandbox/index.js'
import { generateEncryptionKey } from '../../core/auth/vault.js'
import { freePort } from '../../cli/demo/demo-config.js'
import { startWebhookReceiver, type WebhookReceiver } from '../fakes/webhook-receiver.js'
import { adminApi, type AdminApi } from './admin-api.js'
import { startGatewayChild, type GatewayChild } from './gateway-child.js'

export const connectionId = 'rel-loket'
export const webhookId = 'rel-receiver'

export interface WorldOptions {
  seed: number
  employers: number
  employeesPerEmployer: number
  /** Per request to the simulated Loket.nl, so that a sync takes a while. */
  latencyMs: number
  logLevel: 'warn' | 'info' | 'debug'
  initialSync: 'emit' | 'baseline'
  retrySchedule: string[]
  autoApprove: boolean
}

/**
 * Everything a reliability test runs against: a temp dir with the SQLite file and the YAML,
 * the simulated Loket.nl and a verifying receiver in this process, and the gateway as a child
 * process (started and restarted on the same database).
 */
export interface ReliabilityWorld {
  dir: string
  dbPath: string
  logFile: string
  port: number
  sandbox: StartedLoketSandbox
  receiver: WebhookReceiver
  secrets: { adminToken: string; webhookSecret: string; encryptionKey: string }
  env: Record<string, string>
  api: AdminApi
  child: GatewayChild | undefined
  /** Writes a config (the child's by default) and returns its path. */
  writeConfig(options?: { dbPath?: string; initialSync?: 'emit' | 'baseline'; webhooks?: boolean; name?: string }): string
  startChild(): Promise<GatewayChild>
  close(): Promise<void>
}

export async function createReliabilityWorld(options: WorldOptions): Promise<ReliabilityWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'koppel-reliability-'))
  const sandbox = await startLoketSandbox({
    seed: options.seed, employers: options.employers, employeesPerEmployer: options.employeesPerEmployer,
    latencyMs: options.latencyMs, autoApprove: options.autoApprove, clientId: 'rel-client', clientSecret: `cs-${randomBytes(18).toString('base64url')}`,
  })
  const secrets = {
    adminToken: randomBytes(24).toString('base64url'),
    webhookSecret: `whsec_${randomBytes(32).toString('base64')}`,
    encryptionKey: generateEncryptionKey(),
  }
  const receiver = await startWebhookReceiver({ secrets: [secrets.webhookSecret] })
  const port = await freePort()
  const env = {
    KOPPEL_ADMIN_TOKEN: secrets.adminToken, KOPPEL_ENCRYPTION_KEY: secrets.encryptionKey, REL_WEBHOOK_SECRET: secrets.webhookSecret,
    LOKET_CLIENT_ID: sandbox.oauth.clientId, LOKET_CLIENT_SECRET: sandbox.oauth.clientSecret,
  }
  const employers = [...sandbox.data.employers.values()].map((e) => `"${e.employer.employerNumber}"`).join(', ')
  const dbPath = join(dir, 'koppel.db')

  const world: ReliabilityWorld = {
    dir, dbPath, logFile: join(dir, 'gateway.log'), port, sandbox, receiver, secrets, env,
    api: adminApi(`http://127.0.0.1:${port}`, secrets.adminToken),
    child: undefined,
    writeConfig(config = {}) {
      const yaml = `server: { host: 127.0.0.1, port: ${port}, public_url: "http://127.0.0.1:${port}", admin_token: "\${KOPPEL_ADMIN_TOKEN}" }
storage: { driver: sqlite, path: "${config.dbPath ?? dbPath}" }
secrets: { encryption_key: "\${KOPPEL_ENCRYPTION_KEY}" }
log: { level: ${options.logLevel} }
delivery: { concurrency: 16, poll_interval: 100ms, lease_margin: 1s }
connections:
  - id: ${connectionId}
    connector: loket
    employers: [${employers}]
    initial_sync: ${config.initialSync ?? options.initialSync}
    delete_guard: { max_ratio: 1, min_count: 100000 }
    settings:
      api_base_url: "${sandbox.apiBaseUrl}"
      oauth_base_url: "${sandbox.oauthBaseUrl}"
      client_id: "\${LOKET_CLIENT_ID}"
      client_secret: "\${LOKET_CLIENT_SECRET}"
${config.webhooks === false ? '' : `webhooks:
  - id: ${webhookId}
    url: "${receiver.url}"
    secret: "\${REL_WEBHOOK_SECRET}"
    timeout: 1s
    retry_schedule: [${options.retrySchedule.join(', ')}]
`}`
      const path = join(dir, `${config.name ?? 'gateway'}.yaml`)
      writeFileSync(path, yaml)
      return path
    },
    async startChild() {
      world.child = await startGatewayChild({ configPath: world.writeConfig(), port, env, logFile: world.logFile })
      return world.child
    },
    async close() {
      await world.child?.stop('SIGKILL')
      await receiver.close()
      await sandbox.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
  return world
}

/** Consent with the sandbox's auto-approve: authorize URL → redirect → callback. */
export async function authorizeAutomatically(world: ReliabilityWorld): Promise<void> {
  const { status, json } = await world.api.call<{ authorizeUrl: string }>('POST', `/api/connections/${connectionId}/authorize`)
  if (status !== 200) throw new Error(`authorize answered ${status}`)
  const consent = await fetch(json.authorizeUrl, { redirect: 'manual' })
  const callback = consent.headers.get('location')
  if (!callback) throw new Error(`the sandbox did not redirect (${consent.status}); is autoApprove on?`)
  const page = await (await fetch(callback)).text()
  if (!page.includes('succeeded')) throw new Error('authorization did not succeed')
}
