import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gatewayConfigSchema } from '../../config/schema.js'
import { builtinConnectors } from '../../connectors/index.js'
import { loketSettingsSchema } from '../../connectors/loket/settings.js'
import { generateEncryptionKey } from '../../core/auth/vault.js'
import { createGateway, type Gateway } from '../../core/create-gateway.js'
import { createRegistry } from '../../core/registry.js'

const adminToken = 'bad-bodies-admin-token-0123456789'
const maxBody = 4096

/** Every admin route that takes a body, with a body it accepts. */
const bodyRoutes: Array<[method: string, path: string]> = [
  ['POST', '/api/connections/acme-loket/sync'],
  ['PUT', '/api/connections/acme-loket/tokens'],
  ['POST', '/api/webhooks/hooks/replay'],
]
/** Every POST/PUT route, body or not: all must refuse an oversized body before doing anything. */
const allWriteRoutes: Array<[string, string]> = [
  ...bodyRoutes,
  ['POST', '/api/connections/acme-loket/authorize'],
  ['POST', '/api/connections/acme-loket/check'],
  ['POST', '/api/webhooks/hooks/enable'],
]

const malformed: Array<[label: string, body: string]> = [
  ['truncated JSON', '{"force": tr'],
  ['a JSON array', '[]'],
  ['JSON null', 'null'],
  ['a JSON string', '"force"'],
  ['a JSON number', '12'],
  ['deeply nested arrays', `${'['.repeat(50_000)}${']'.repeat(50_000)}`.slice(0, maxBody - 10)],
  ['a __proto__ key', '{"__proto__": {"force": true}, "fromSequence": 0}'],
  ['wrong types', '{"force": "yes", "accessToken": 1, "fromSequence": "0"}'],
  ['not JSON at all', 'force=true'],
  ['invalid UTF-8', '\u00ff\u00fe{'],
]

/**
 * Bad input on every POST/PUT admin route (issue 7): malformed, wrongly typed and oversized
 * bodies, with and without a content-length, end in a coded 400 or 413: never a 500, never
 * a side effect. And the admin token only counts in the Authorization header.
 */
describe('bad request bodies', () => {
  let gateway: Gateway
  const request = (method: string, path: string, body?: RequestInit['body'], headers: Record<string, string> = {}) =>
    Promise.resolve(gateway.app.request(path, {
      method, body, headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json', ...headers },
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit))
  const expectError = async (response: Response, status: number, code: string, label: string) => {
    expect(response.status, label).toBe(status)
    const body = (await response.json()) as { error: { code: string; message: string } }
    expect(body.error.code, label).toBe(code)
    expect(body.error.message.length, label).toBeGreaterThan(0)
  }

  beforeAll(async () => {
    const config = gatewayConfigSchema.parse({
      server: { public_url: 'http://127.0.0.1:9', admin_token: adminToken, max_body_bytes: maxBody },
      storage: { path: ':memory:' },
      secrets: { encryption_key: generateEncryptionKey() },
      connections: [{
        id: 'acme-loket', connector: 'loket', employers: ['1'],
        settings: loketSettingsSchema.parse({ api_base_url: 'http://127.0.0.1:9/v2', oauth_base_url: 'http://127.0.0.1:9', client_id: 'c', client_secret: 's' }),
      }],
      webhooks: [{ id: 'hooks', url: 'http://127.0.0.1:9/hooks', secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}` }],
    })
    gateway = await createGateway(config, createRegistry([...builtinConnectors]), pino({ level: 'silent' }))
  })
  afterAll(async () => gateway.close())

  it('answers malformed and mistyped bodies with 400 invalid_request on every route that reads one', async () => {
    for (const [method, path] of bodyRoutes) {
      for (const [label, body] of malformed) await expectError(await request(method, path, body), 400, 'invalid_request', `${method} ${path}: ${label}`)
    }
    const runs = (await (await request('GET', '/api/runs')).json()) as { items: unknown[] }
    expect(runs.items, 'no bad body started a run').toEqual([])
    const connection = (await (await request('GET', '/api/connections/acme-loket')).json()) as { authorized: boolean }
    expect(connection.authorized, 'no bad body stored tokens').toBe(false)
  })

  it('answers oversized bodies with 413 payload_too_large, with or without a content-length', async () => {
    const big = JSON.stringify({ force: true, pad: 'x'.repeat(maxBody) })
    for (const [method, path] of allWriteRoutes) {
      await expectError(await request(method, path, big), 413, 'payload_too_large', `${method} ${path} with content-length`)
    }
    for (const [method, path] of bodyRoutes) {
      const chunks = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 8; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(maxBody / 2)))
          controller.close()
        },
      })
      await expectError(await request(method, path, chunks), 413, 'payload_too_large', `${method} ${path} streamed`)
    }
  })

  it('accepts the admin token only as a Bearer authorization header', async () => {
    const attempts: Array<[string, Record<string, string>]> = [
      [`/api/runs?token=${adminToken}`, { authorization: '' }],
      [`/api/runs?admin_token=${adminToken}`, { authorization: '' }],
      ['/api/runs', { authorization: `Basic ${Buffer.from(`admin:${adminToken}`).toString('base64')}` }],
      ['/api/runs', { authorization: `Bearer ${adminToken.slice(0, -1)}` }],
      ['/api/runs', { authorization: `Bearer ${adminToken}${adminToken}` }],
      ['/api/runs', { authorization: '', cookie: `token=${adminToken}` }],
      ['/api/runs', { authorization: '', 'x-admin-token': adminToken }],
    ]
    for (const [path, headers] of attempts) {
      const response = await Promise.resolve(gateway.app.request(path, { headers }))
      await expectError(response, 401, 'unauthorized', `${path} ${JSON.stringify(Object.keys(headers))}`)
    }
  })

  it('answers abusive OAuth callbacks with a 400 page, never a 500', async () => {
    for (const query of [`state=${'A'.repeat(3000)}&code=x`, 'state=a&state=b&code=c', 'state=&code=x', 'code=x', 'state=%00%ff&code=%zz']) {
      const response = await Promise.resolve(gateway.app.request(`/oauth/callback?${query}`))
      expect(response.status, query.slice(0, 40)).toBe(400)
      expect(await response.text()).toContain('Authorization failed')
    }
  })
})
