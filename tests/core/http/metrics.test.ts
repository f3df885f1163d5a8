import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { gatewayConfigSchema } from '../../../config/schema.js'
import { builtinConnectors } from '../../../connectors/index.js'
import { generateEncryptionKey } from '../../../core/auth/vault.js'
import { createGateway, type Gateway } from '../../../core/create-gateway.js'
import { createRegistry } from '../../../core/registry.js'
import { createFakeConnector, createFakeSource, put, type FakeSource } from '../../fakes/fake-connector.js'
import { sampleEmployee } from '../../fakes/sample-records.js'
import { startWebhookReceiver, type WebhookReceiver } from '../../fakes/webhook-receiver.js'
import { parsePrometheusText, type Scrape } from '../../helpers/prometheus-text.js'
import { newSecret } from '../webhooks/harness.js'
import { storageAt } from '../../helpers/test-database.js'

const loket = { id: 'acme-loket', connector: 'loket', employers: ['123'], settings: { client_id: 'c', client_secret: 's' } }
const encryptionKey = generateEncryptionKey()

let cleanup: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const step of cleanup.reverse()) await step()
  cleanup = []
})

async function gatewayOn(path: string, source: FakeSource, extra: Record<string, unknown> = {}, log = pino({ level: 'silent' })): Promise<Gateway> {
  const config = gatewayConfigSchema.parse({
    server: { public_url: 'http://127.0.0.1:8080', admin_token: 'test-admin-token-0123456789abcdef' },
    storage: await storageAt(path),
    secrets: { encryption_key: encryptionKey },
    connections: [{ id: 'acme', connector: 'fake', employers: ['er-1'] }, loket, { id: 'paused', connector: 'fake', employers: ['er-1'], enabled: false }],
    delivery: { concurrency: 8, poll_interval: '20ms' },
    ...extra,
  })
  const gateway = await createGateway(config, createRegistry([...builtinConnectors, createFakeConnector(source)]), log)
  cleanup.push(() => gateway.close())
  return gateway
}

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'koppel-metrics-'))
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
  return join(dir, 'koppel.db')
}

/** GET /metrics through the app, every line checked against the text format. */
async function scrape(gateway: Gateway): Promise<Scrape> {
  const response = await gateway.app.request('/metrics')
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
  return parsePrometheusText(await response.text())
}

const statusOf = (s: Scrape, connection: string) => s.select('koppel_connection_status', { connection }).filter((x) => x.value === 1).map((x) => x.labels.status)

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (ok(value)) return value
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe('GET /metrics', () => {
  it('shows connection status, runs and the last successful sync, also of a run by another process on the same file', async () => {
    const path = tempFile()
    const source = createFakeSource()
    put(source, 'employee', sampleEmployee('er-1', 1))
    const server = await gatewayOn(path, source)

    let s = await scrape(server)
    expect(s.types.get('koppel_connection_status')).toBe('gauge')
    // One status of four is 1 per connection; the loket connection waits for its consent.
    expect(s.select('koppel_connection_status', { connection: 'acme' })).toHaveLength(4)
    expect(statusOf(s, 'acme')).toEqual(['ready'])
    expect(statusOf(s, 'acme-loket')).toEqual(['needs_authorization'])
    expect(s.value('koppel_connection_enabled', { connection: 'paused' })).toBe(0)
    expect(s.value('koppel_connection_enabled', { connection: 'acme' })).toBe(1)
    expect(s.value('koppel_runs', { connection: 'acme', status: 'succeeded' })).toBe(0)
    expect(s.value('koppel_last_successful_sync_timestamp_seconds', { connection: 'acme' })).toBeUndefined()

    const before = Date.now() / 1000
    await (await server.runner.trigger('acme', { trigger: 'api' })).done
    s = await scrape(server)
    expect(s.value('koppel_runs', { connection: 'acme', status: 'succeeded' })).toBe(1)
    const firstSuccess = s.value('koppel_last_successful_sync_timestamp_seconds', { connection: 'acme' })!
    expect(firstSuccess).toBeGreaterThanOrEqual(Math.floor(before))
    expect(firstSuccess).toBeLessThanOrEqual(Date.now() / 1000)

    // A CLI sync: another gateway (its own SyncRunner) on the same file, slow enough to watch.
    const cliSource = createFakeSource(1)
    put(cliSource, 'employee', sampleEmployee('er-1', 1))
    put(cliSource, 'employee', sampleEmployee('er-1', 2))
    cliSource.delayMs = 150
    const cli = await gatewayOn(path, cliSource)
    const { done } = await cli.runner.trigger('acme', { trigger: 'cli' })
    s = await until(() => scrape(server), (x) => x.value('koppel_runs', { connection: 'acme', status: 'running' }) === 1)
    expect(server.runner.isRunning('acme')).toBe(false)
    expect(statusOf(s, 'acme')).toEqual(['syncing'])
    await done
    s = await scrape(server)
    expect(s.value('koppel_runs', { connection: 'acme', status: 'running' })).toBe(0)
    expect(s.value('koppel_runs', { connection: 'acme', status: 'succeeded' })).toBe(2)
    expect(statusOf(s, 'acme')).toEqual(['ready'])
    expect(s.value('koppel_last_successful_sync_timestamp_seconds', { connection: 'acme' })!).toBeGreaterThan(firstSuccess)

    // A failing run: the status says so, the last success stays.
    source.failOnPage = { page: 1 }
    await (await server.runner.trigger('acme', { trigger: 'api' })).done
    s = await scrape(server)
    expect(statusOf(s, 'acme')).toEqual(['failing'])
    expect(s.value('koppel_runs', { connection: 'acme', status: 'failed' })).toBe(1)
    expect(s.value('koppel_last_successful_sync_timestamp_seconds', { connection: 'acme' })!).toBeGreaterThan(firstSuccess)
    // The in-memory run counter (blind to the CLI run) is gone.
    expect(s.types.has('koppel_runs_total')).toBe(false)
  })

  it('counts attempts by outcome, reports the outbox and logs every failed attempt without the body', async () => {
    const receivers: Record<string, WebhookReceiver> = {}
    const secret = newSecret()
    for (const id of ['flaky', 'slow', 'gone', 'down']) {
      receivers[id] = await startWebhookReceiver({ secrets: [secret] })
      const receiver = receivers[id]
      cleanup.push(() => receiver.close())
    }
    const downUrl = receivers.down!.url
    await receivers.down!.close()
    receivers.flaky!.queue({ status: 500, body: 'receiver-says-no' }, { status: 302, headers: { location: 'http://127.0.0.1:1/' } })
    receivers.slow!.script(() => ({ delayMs: 600 }))
    receivers.gone!.script(() => ({ status: 410 }))
    const webhook = (id: string, url: string, retry: string[], timeout = '2s') => ({ id, url, secret, events: ['employee.*'], retry_schedule: retry, timeout })

    const lines: string[] = []
    const log = pino({ level: 'info' }, new Writable({ write(chunk: Buffer, _encoding, done) { lines.push(chunk.toString('utf8')); done() } }))
    const source = createFakeSource()
    put(source, 'employee', sampleEmployee('er-1', 1))
    const gateway = await gatewayOn(':memory:', source, {
      webhooks: [
        webhook('flaky', receivers.flaky!.url, ['10ms', '10ms', '10ms']),
        webhook('slow', receivers.slow!.url, ['10ms'], '100ms'),
        webhook('gone', receivers.gone!.url, ['10ms']),
        webhook('down', downUrl, ['10ms']),
      ],
    }, log)

    let s = await scrape(gateway)
    // Every series exists before the first attempt, at 0.
    expect(s.select('koppel_delivery_attempts_total', { subscription: 'flaky' })).toHaveLength(6)
    expect(s.value('koppel_outbox_deliveries', { subscription: 'flaky', status: 'held' })).toBe(0)

    // A baseline, then one new employee: one employee.created per subscription.
    await (await gateway.runner.trigger('acme', { trigger: 'api' })).done
    const employee = sampleEmployee('er-1', 2)
    put(source, 'employee', employee)
    await (await gateway.runner.trigger('acme', { trigger: 'api' })).done

    s = await scrape(gateway)
    expect(s.value('koppel_outbox_deliveries', { subscription: 'flaky', status: 'pending' })).toBe(1)
    expect(s.value('koppel_oldest_pending_delivery_age_seconds', { subscription: 'flaky' })).toBeGreaterThanOrEqual(0)
    await gateway.dispatcher.drain({ timeoutMs: 15_000 })

    s = await scrape(gateway)
    const attempts = (subscription: string) =>
      Object.fromEntries(s.select('koppel_delivery_attempts_total', { subscription }).map((x) => [x.labels.outcome, x.value]))
    expect(attempts('flaky')).toEqual({ delivered: 1, http_error: 1, timeout: 0, network_error: 0, redirect: 1, gone: 0 })
    expect(attempts('slow')).toEqual({ delivered: 0, http_error: 0, timeout: 2, network_error: 0, redirect: 0, gone: 0 })
    expect(attempts('gone')).toEqual({ delivered: 0, http_error: 0, timeout: 0, network_error: 0, redirect: 0, gone: 1 })
    expect(attempts('down')).toEqual({ delivered: 0, http_error: 0, timeout: 0, network_error: 2, redirect: 0, gone: 0 })
    const outbox = (subscription: string) =>
      Object.fromEntries(s.select('koppel_outbox_deliveries', { subscription }).map((x) => [x.labels.status, x.value]))
    expect(outbox('flaky')).toEqual({ pending: 0, held: 0, failed: 0 })
    expect(outbox('slow')).toEqual({ pending: 0, held: 0, failed: 1 })
    expect(outbox('down')).toEqual({ pending: 0, held: 0, failed: 1 })
    // 410 disabled the subscription; its delivery waits for it to be enabled again.
    expect(outbox('gone')).toEqual({ pending: 1, held: 0, failed: 0 })
    expect(s.value('koppel_oldest_pending_delivery_age_seconds', { subscription: 'gone' })).toBeGreaterThan(0)
    expect(s.value('koppel_oldest_pending_delivery_age_seconds', { subscription: 'flaky' })).toBe(0)
    expect(s.value('koppel_delivery_queue_depth')).toBe(1)

    const warns = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.level === 40 && String(line.msg).startsWith('webhook'))
    const of = (subscription: string) => warns.filter((line) => line.subscription === subscription)
    expect(of('flaky')).toEqual([
      expect.objectContaining({ msg: 'webhook delivery attempt failed, will retry', attempt: 1, statusCode: 500, error: 'http_500', nextAttemptAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }),
      expect.objectContaining({ msg: 'webhook delivery attempt failed, will retry', attempt: 2, statusCode: 302, error: 'redirect', nextAttemptAt: expect.any(String) }),
    ])
    expect(of('slow')).toEqual([
      expect.objectContaining({ attempt: 1, statusCode: null, error: 'timeout', nextAttemptAt: expect.any(String) }),
      expect.objectContaining({ msg: 'webhook delivery failed, no attempts left', attempt: 2, statusCode: null, error: 'timeout', nextAttemptAt: null }),
    ])
    expect(of('down').map((line) => line.error)).toEqual(['connection_refused', 'connection_refused'])
    expect(of('gone')).toEqual([expect.objectContaining({ msg: 'webhook answered 410, subscription disabled', attempt: 1, statusCode: 410, error: 'http_410' })])
    for (const line of warns) expect(line.messageId).toMatch(/^mut_/)
    // Never the body sent, nor the receiver's answer, nor the URL.
    const body = receivers.flaky!.received[0]!.body
    expect(body).toContain(employee.bsn)
    for (const line of lines) {
      for (const secretPart of [body, employee.bsn, employee.name.lastName, employee.contact.email!, 'receiver-says-no', receivers.flaky!.url]) expect(line).not.toContain(secretPart)
    }
  })
})
