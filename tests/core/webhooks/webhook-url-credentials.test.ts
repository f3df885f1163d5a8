import { randomBytes } from 'node:crypto'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { gatewayConfigSchema } from '../../../config/schema.js'
import { createApp } from '../../../core/http/app.js'
import type { AppDeps } from '../../../core/http/app-deps.js'
import { maskUrlCredentials } from '../../../core/http/mask-url-credentials.js'
import { webhookRoutes } from '../../../core/http/routes/webhooks.js'
import { startWebhookReceiver, type WebhookReceiver } from '../../fakes/webhook-receiver.js'
import { createHarness, newSecret, silentLog, webhookConfig, type Harness } from './harness.js'

const adminToken = 'test-admin-token-0123456789abcdef'
const auth = { authorization: `Bearer ${adminToken}` }
const password = 'pw-Geheim-8d2f'

let receiver: WebhookReceiver | undefined
let harness: Harness | undefined
afterEach(async () => {
  await harness?.dispatcher.stop()
  await receiver?.close()
  await harness?.db.destroy()
})

describe('webhook URLs with credentials', () => {
  it('masks the password (or a bare user part) and leaves other URLs as written', () => {
    expect(maskUrlCredentials('https://koppel:s3cret@hooks.example.nl/in?x=1')).toBe('https://koppel:***@hooks.example.nl/in?x=1')
    expect(maskUrlCredentials('https://tok_abc@hooks.example.nl/in')).toBe('https://***@hooks.example.nl/in')
    expect(maskUrlCredentials('https://hooks.example.nl')).toBe('https://hooks.example.nl')
    expect(maskUrlCredentials('http://127.0.0.1:9000/a/b')).toBe('http://127.0.0.1:9000/a/b')
  })

  it('masks the value of a query parameter that names a secret, and keeps the others', () => {
    expect(maskUrlCredentials('https://fn.example.net/api/in?code=abc123&v=2')).toBe('https://fn.example.net/api/in?code=***&v=2')
    expect(maskUrlCredentials('https://hooks.example.nl/in?api_key=k&access_token=t')).toBe('https://hooks.example.nl/in?api_key=***&access_token=***')
    expect(maskUrlCredentials('https://u:p@hooks.example.nl/in?Token=t')).toBe('https://u:***@hooks.example.nl/in?Token=***')
    expect(maskUrlCredentials('https://hooks.example.nl/in?page=2')).toBe('https://hooks.example.nl/in?page=2')
  })

  it('GET /api/webhooks, the deliveries and the log lines never show the password', async () => {
    const secret = newSecret()
    receiver = await startWebhookReceiver({ secrets: [secret] })
    const url = receiver.url.replace('http://', `http://koppel:${password}@`)
    const webhook = webhookConfig({ id: 'benefits', url, secret, retry_schedule: ['10ms'] })
    const lines: string[] = []
    const log = pino({ level: 'debug' }, new Writable({ write(chunk: Buffer, _encoding, done) { lines.push(chunk.toString('utf8')); done() } }))
    harness = await createHarness([webhook], { log })
    // A failing attempt and its retry: the failure is logged, the attempts are stored.
    receiver.script(() => ({ status: 500, body: 'nope' }))
    await harness.emit([{ recordId: 'e1' }])
    await harness.dispatcher.drain()
    expect(receiver.received).toHaveLength(2)
    expect(lines.some((line) => line.includes('webhook delivery failed'))).toBe(true)

    const config = gatewayConfigSchema.parse({
      server: { public_url: 'http://localhost', admin_token: adminToken },
      secrets: { encryption_key: randomBytes(32).toString('base64') },
      webhooks: [webhook],
    })
    const app = createApp({ db: harness.db, config, log: silentLog } as unknown as AppDeps, [
      { path: '/api', admin: true, app: webhookRoutes({ db: harness.db, webhooks: config.webhooks }) },
    ])
    const listed = await (await app.request('/api/webhooks', { headers: auth })).text()
    expect(JSON.parse(listed).items[0].url).toBe(receiver.url.replace('http://', 'http://koppel:***@'))
    const deliveries = await (await app.request('/api/webhooks/benefits/deliveries', { headers: auth })).text()
    for (const text of [listed, deliveries, ...lines]) expect(text).not.toContain(password)
  })
})
