import { serve } from '@hono/node-server'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { loadConfig } from '../../config/load-config.js'
import { builtinConnectors } from '../../connectors/index.js'
import { startLoketSandbox, type SandboxOptions, type StartedLoketSandbox } from '../../connectors/loket/sandbox/index.js'
import { generateEncryptionKey } from '../../core/auth/vault.js'
import { createGateway, type Gateway } from '../../core/create-gateway.js'
import { createLogger } from '../../core/logger.js'
import { createRegistry } from '../../core/registry.js'
import { startWebhookReceiver, type WebhookReceiver } from '../fakes/webhook-receiver.js'
import { e2eApi, type E2eApi, type Snapshot } from './e2e-api.js'
import { storageAt } from '../helpers/test-database.js'

export const adminToken = 'e2e-admin-token-0123456789abcdef'
export const webhookSecret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`
export const connectionId = 'acme-loket'
/** Short backoff: the fault matrix retries often and must stay fast. */
export const testRetryPolicy = { retries: 3, baseDelayMs: 20, maxDelayMs: 100 }

export interface GatewayInstanceOptions {
  /** Entries of `employers:`; default: every sandbox employer by its number. */
  employers?: string[]
  /** Extra loket settings (page_size, concurrency, timeout, fetch_bsn). */
  settings?: Record<string, unknown>
  connection?: Record<string, unknown>
  connectionId?: string
  /** A receiver that verifies signatures gets every event. Default false. */
  receiver?: boolean
  /**
   * With `receiver`: a second subscription to the same receiver, `review`, with `release: manual`
   * ("Verzenden"): its record mutations wait until released. Default false.
   */
  manualRelease?: boolean
  /** `:memory:` instead of a temp file. Default false. */
  inMemory?: boolean
  /** An existing SQLite file (a restart); the caller owns it. */
  dbPath?: string
  /** Default: a fresh key. A restart on the same file needs the same key. */
  encryptionKey?: string
}

/** One gateway on a real listener, configured through a YAML file and `loadConfig`. */
export interface GatewayInstance {
  gateway: Gateway
  api: E2eApi
  url: string
  dbPath: string
  connectionId: string
  receiver: WebhookReceiver | null
  /** Every log line the gateway wrote (level debug), for privacy assertions. */
  logLines: string[]
  /** Stores a fresh sandbox token pair through `PUT /api/connections/:id/tokens`. */
  enterTokens(expiresAt?: string): Promise<void>
  close(): Promise<void>
}

export async function startGateway(sandbox: StartedLoketSandbox, options: GatewayInstanceOptions = {}): Promise<GatewayInstance> {
  const dir = mkdtempSync(join(tmpdir(), 'koppel-e2e-'))
  const dbPath = options.dbPath ?? (options.inMemory ? ':memory:' : join(dir, 'koppel.db'))
  const id = options.connectionId ?? connectionId
  const receiver = options.receiver ? await startWebhookReceiver({ secrets: [webhookSecret] }) : null
  // Listen first: the OAuth redirect URI (public_url) must name the real port.
  let handler: (request: Request) => Response | Promise<Response> = () => new Response('starting', { status: 503 })
  const server = serve({ fetch: (request) => handler(request), hostname: '127.0.0.1', port: 0 })
  await new Promise<void>((resolve) => server.once('listening', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const employers = options.employers ?? [...sandbox.data.employers.values()].map((entry) => String(entry.employer.employerNumber))
  const document = {
    server: { host: '127.0.0.1', port: 0, public_url: url, admin_token: '${E2E_ADMIN_TOKEN}' },
    storage: await storageAt(dbPath),
    secrets: { encryption_key: '${E2E_ENCRYPTION_KEY}' },
    log: { level: 'debug' },
    delivery: { poll_interval: '100ms' },
    connections: [{
      id, connector: 'loket', employers, ...options.connection,
      settings: {
        api_base_url: sandbox.apiBaseUrl, oauth_base_url: sandbox.oauthBaseUrl,
        client_id: '${LOKET_CLIENT_ID}', client_secret: '${LOKET_CLIENT_SECRET}', ...options.settings,
      },
    }],
    webhooks: receiver ? [
      { id: 'receiver', url: receiver.url, secret: '${E2E_WEBHOOK_SECRET}', retry_schedule: ['100ms', '200ms'] },
      ...(options.manualRelease ? [{ id: 'review', url: receiver.url, secret: '${E2E_WEBHOOK_SECRET}', retry_schedule: ['100ms', '200ms'], release: 'manual' }] : []),
    ] : [],
  }
  // JSON is YAML: the file goes through the same loader an operator's file does.
  const path = join(dir, 'gateway.yaml')
  writeFileSync(path, JSON.stringify(document, null, 2))
  const env = {
    E2E_ADMIN_TOKEN: adminToken, E2E_ENCRYPTION_KEY: options.encryptionKey ?? generateEncryptionKey(), E2E_WEBHOOK_SECRET: webhookSecret,
    LOKET_CLIENT_ID: sandbox.oauth.clientId, LOKET_CLIENT_SECRET: sandbox.oauth.clientSecret,
  }
  const loaded = await loadConfig({ path, env, resolveRegistry: async () => createRegistry(builtinConnectors) })
  if (!loaded.ok) throw new Error(`e2e config invalid: ${loaded.problems.join('; ')}`)

  const logLines: string[] = []
  const destination = new Writable({ write(chunk: Buffer, _encoding, done) { logLines.push(chunk.toString('utf8')); done() } })
  const gateway = await createGateway(loaded.config, loaded.registry, createLogger({ level: 'debug', destination }), { upstreamRetry: testRetryPolicy })
  handler = (request) => gateway.app.fetch(request)
  gateway.dispatcher.start()
  const api = e2eApi(url, adminToken)
  return {
    gateway, api, url, dbPath, connectionId: id, receiver, logLines,
    async enterTokens(expiresAt) {
      const pair = sandbox.oauth.issueTokens()
      await api.call('PUT', `/api/connections/${id}/tokens`, { accessToken: pair.accessToken, refreshToken: pair.refreshToken, ...(expiresAt ? { expiresAt } : {}) })
    },
    async close() {
      if ('closeAllConnections' in server) server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await gateway.close()
      await receiver?.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** The sandbox every e2e file starts from: small, seeded, on a real port. */
export function startSandbox(options: SandboxOptions = {}): Promise<StartedLoketSandbox> {
  return startLoketSandbox({ seed: 11, employers: 1, employeesPerEmployer: 12, ...options })
}

/**
 * What the snapshot must be right now: a full sync of the same source into a second, fresh
 * gateway and database (authorized with manually entered tokens).
 */
export async function referenceSnapshot(sandbox: StartedLoketSandbox, options: GatewayInstanceOptions = {}): Promise<Snapshot> {
  const reference = await startGateway(sandbox, { ...options, connectionId: 'reference-loket', inMemory: true, receiver: false })
  try {
    await reference.enterTokens()
    const run = await reference.api.sync('reference-loket', { mode: 'full' })
    if (run.status !== 'succeeded') throw new Error(`reference sync ${run.status}: ${JSON.stringify(run.error)}`)
    return await reference.api.snapshot()
  } finally {
    await reference.close()
  }
}

/** Walks the simulated consent screen: open the link, press a button, follow the redirect back. */
export async function answerConsent(authorizeUrl: string, decision: 'allow' | 'deny'): Promise<{ callbackUrl: string; status: number; page: string }> {
  const consent = await fetch(authorizeUrl)
  const html = await consent.text()
  const requestId = /name="request_id" value="([^"]+)"/.exec(html)?.[1]
  if (!consent.ok || !requestId) throw new Error(`the consent screen did not load (${consent.status})`)
  const answer = await fetch(new URL('/authorize/decision', authorizeUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request_id: requestId, decision }),
    redirect: 'manual',
  })
  const callbackUrl = answer.headers.get('location')
  if (!callbackUrl) throw new Error(`the consent screen did not redirect (${answer.status})`)
  const page = await fetch(callbackUrl)
  return { callbackUrl, status: page.status, page: await page.text() }
}
