import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventTypes } from '../../../../core/model/index.js'
import { gatewayConfigSchema } from '../../../../config/schema.js'
import generic from '../../../../connectors/generic/index.js'
import { builtinConnectors } from '../../../../connectors/index.js'
import { generateEncryptionKey } from '../../../../core/auth/vault.js'
import { defineConnector } from '../../../../core/connector.js'
import { createGateway, type Gateway } from '../../../../core/create-gateway.js'
import { openApiPath } from '../../../../core/http/openapi/build-openapi-document.js'
import { routeCatalogue } from '../../../../core/http/openapi/route-catalogue.js'
import { createRegistry } from '../../../../core/registry.js'
import { createFakeConnector, createFakeSource, put, remove, type FakeSource } from '../../../fakes/fake-connector.js'
import { startFakeOAuthServer, type FakeOAuthServer } from '../../../fakes/oauth-server.js'
import { sampleChild, sampleEmployee, sampleEmployment, samplePartner, samplePayrollResult, sampleWage, sampleWorkingHours } from '../../../fakes/sample-records.js'
import { startWebhookReceiver, type WebhookReceiver } from '../../../fakes/webhook-receiver.js'
import { validateSchema, type Schema } from './json-schema-validator.js'
import { checkOpenApiStructure } from './openapi-structure.js'
import { testStorage } from '../../../helpers/test-database.js'

/**
 * The contract test of `/openapi.json`: a whole gateway answers real requests to every
 * documented route (a success and an error each), every answer is validated against the
 * document the gateway serves, every route the app serves must be in it, and every webhook
 * body a real receiver gets is validated against its event schema under `webhooks`.
 */
const adminToken = 'test-admin-token-0123456789abcdef'
const secret = `whsec_${Buffer.alloc(32, 9).toString('base64')}`
const publicUrl = 'http://127.0.0.1:8080'

let gateway: Gateway
let source: FakeSource
let oauth: FakeOAuthServer
let receiver: WebhookReceiver
let doc: Record<string, any>
const exercised = new Map<string, Set<number>>()
const dropFolder = mkdtempSync(path.join(tmpdir(), 'koppel-openapi-drop-'))
let closed = false

beforeAll(async () => {
  oauth = await startFakeOAuthServer({ clientId: 'client-1', clientSecret: 's3cret' })
  receiver = await startWebhookReceiver({ secrets: [secret] })
  source = createFakeSource(10)
  const checked = defineConnector({
    ...createFakeConnector(source, 'checked'),
    async check(_ctx, refs) {
      return { ok: false, credentials: { ok: true }, employers: refs.map((employer) => ({ employer, ok: false, missing: ['Beheren en raadplegen BSN'] })) }
    },
  })
  const config = gatewayConfigSchema.parse({
    server: { public_url: publicUrl, admin_token: adminToken, max_body_bytes: 4096 },
    storage: await testStorage(),
    secrets: { encryption_key: generateEncryptionKey() },
    connections: [
      { id: 'acme', connector: 'fake', employers: ['er-1'], initial_sync: 'emit', delete_guard: { max_ratio: 1, min_count: 100 } },
      { id: 'paused', connector: 'fake', employers: ['er-1'], enabled: false },
      { id: 'base', connector: 'fake', employers: ['er-2'] },
      { id: 'guarded', connector: 'fake', employers: ['er-3'], initial_sync: 'emit', delete_guard: { max_ratio: 0.1, min_count: 1 } },
      { id: 'flaky', connector: 'fake', employers: ['er-4'], initial_sync: 'emit' },
      { id: 'probed', connector: 'checked', employers: ['er-5'] },
      // Parsed as loadConfig parses a connector's settings (with its defaults).
      { id: 'drop', connector: 'generic', employers: ['er-6'], settings: generic.settings.parse({ directory: dropFolder, settle_seconds: 0, max_file_bytes: 8192 }) },
      { id: 'acme-loket', connector: 'loket', employers: ['1'], settings: { oauth_base_url: oauth.url, api_base_url: `${oauth.url}/v2`, client_id: 'client-1', client_secret: 's3cret' } },
    ],
    webhooks: [
      { id: 'hooks', url: receiver.url, secret, retry_schedule: ['1s'] },
      { id: 'review', url: receiver.url, secret, retry_schedule: ['1s'], events: ['employee.*', 'sync.*'], release: 'manual' },
    ],
  })
  gateway = await createGateway(config, createRegistry([...builtinConnectors, createFakeConnector(source), checked]), pino({ level: 'silent' }))
  gateway.dispatcher.start()
  doc = (await (await gateway.app.request('/openapi.json')).json()) as Record<string, any>
})
afterAll(async () => {
  if (!closed) await gateway?.close()
  await receiver?.close()
  await oauth?.close()
})

/** Sends a request and validates the answer against the document; returns status and body. */
async function call(method: string, path: string, init: { body?: unknown; raw?: string; token?: string | null } = {}): Promise<{ status: number; body: any }> {
  const headers = new Headers()
  const token = init.token === undefined ? adminToken : init.token
  if (token !== null) headers.set('authorization', `Bearer ${token}`)
  const body = init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body))
  if (body !== undefined) headers.set('content-type', 'application/json')
  const response = await gateway.app.request(path, { method, headers, body })
  const route = findRoute(method, path)
  const operation = doc.paths[openApiPath(route.path)]?.[route.method]
  expect(operation, `${method} ${route.path} is not in the document`).toBeDefined()
  const documented = operation.responses[String(response.status)]
  expect(documented, `${method} ${path} answered ${response.status}, which the document does not list`).toBeDefined()
  const text = await response.text()
  let value: unknown = text
  if (!documented.content) {
    expect(text, `${method} ${path} ${response.status} has no documented body`).toBe('')
  } else {
    const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim()
    const media = documented.content[contentType]
    expect(media, `${method} ${path} ${response.status} answered ${contentType}, documented: ${Object.keys(documented.content)}`).toBeDefined()
    if (contentType === 'application/json') value = JSON.parse(text)
    expect(validateSchema(doc, media.schema as Schema, value), `${method} ${path} ${response.status}`).toEqual([])
  }
  const key = `${route.method} ${route.path}`
  if (!exercised.has(key)) exercised.set(key, new Set())
  exercised.get(key)!.add(response.status)
  return { status: response.status, body: value }
}

function findRoute(method: string, path: string) {
  const pathname = path.split('?')[0]!
  const route = routeCatalogue.find((r) => r.method === method.toLowerCase() && new RegExp(`^${r.path.replace(/:\w+/g, '[^/]+')}$`).test(pathname))
  if (!route) throw new Error(`${method} ${path} matches no catalogued route`)
  return route
}

async function waitForRun(runId: string): Promise<string> {
  for (;;) {
    const run = (await (await gateway.app.request(`/api/runs/${runId}`, { headers: { authorization: `Bearer ${adminToken}` } })).json()) as { status: string }
    if (run.status !== 'running') return run.status
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

async function sync(connection: string, body: unknown = {}): Promise<string> {
  const started = await call('POST', `/api/connections/${connection}/sync`, { body })
  expect(started.status).toBe(202)
  return waitForRun(started.body.runId as string)
}

function seed(employerId: string, count: number, people = false): void {
  put(source, 'employer', { id: employerId, employerId, number: '1', name: 'Acme', chamberOfCommerceNumber: null, payrollTaxNumber: null })
  for (let n = 0; n < count; n++) {
    put(source, 'employee', sampleEmployee(employerId, n))
    put(source, 'employment', sampleEmployment(employerId, n))
    put(source, 'working_hours', sampleWorkingHours(employerId, n))
    put(source, 'wage', sampleWage(employerId, n))
    if (people) {
      put(source, 'partner', samplePartner(employerId, n))
      put(source, 'child', sampleChild(employerId, n))
    }
  }
}

describe('GET /openapi.json', () => {
  it('is a structurally valid OpenAPI 3.1 document, public, with every event type under webhooks', async () => {
    expect(checkOpenApiStructure(doc)).toEqual([])
    expect((await call('GET', '/openapi.json', { token: null })).status).toBe(200)
    expect(Object.keys(doc.webhooks).sort()).toEqual([...eventTypes].sort())
    expect(doc.components.securitySchemes.adminToken).toMatchObject({ type: 'http', scheme: 'bearer' })
  })

  it('documents every route the app serves, and serves every route it documents', () => {
    // The console (DESIGN §6a) is HTML for people, not part of the API: `/` redirects to it.
    const isConsole = (path: string): boolean => path === '/' || path === '/console' || path.startsWith('/console/')
    const served = new Set(gateway.app.routes.filter((r) => r.method !== 'ALL' && !isConsole(r.path)).map((r) => `${r.method.toLowerCase()} ${r.path}`))
    const documented = new Set(routeCatalogue.map((r) => `${r.method} ${r.path}`))
    expect([...served].filter((route) => !documented.has(route)), 'served but not documented').toEqual([])
    expect([...documented].filter((route) => !served.has(route)), 'documented but not served').toEqual([])
  })
})

describe('every documented route answers as documented', () => {
  it('public routes', async () => {
    expect((await call('GET', '/healthz', { token: null })).status).toBe(200)
    expect((await call('GET', '/readyz', { token: null })).status).toBe(200)
    expect((await call('GET', '/metrics', { token: null })).status).toBe(200)
    expect((await call('GET', '/oauth/callback', { token: null })).status).toBe(400)
    expect((await call('GET', '/oauth/callback?state=unknown&code=x', { token: null })).status).toBe(400)
  })

  it('every admin route refuses a request without the admin token, in the error shape', async () => {
    for (const route of routeCatalogue.filter((r) => r.admin)) {
      expect((await call(route.method.toUpperCase(), route.path.replace(':entity', 'employee').replace(/:\w+/g, 'x'), { token: null })).status).toBe(401)
    }
  })

  it('connections, authorization and tokens', async () => {
    expect((await call('GET', '/api/connectors')).status).toBe(200)
    expect((await call('GET', '/api/connectors', { token: 'wrong' })).status).toBe(401)
    expect((await call('GET', '/api/connections')).status).toBe(200)
    expect((await call('GET', '/api/connections', { token: null })).status).toBe(401)
    expect((await call('GET', '/api/connections/acme')).status).toBe(200)
    expect((await call('GET', '/api/connections/nope')).status).toBe(404)

    const authorized = await call('POST', '/api/connections/acme-loket/authorize')
    expect(authorized.status).toBe(200)
    expect((await call('POST', '/api/connections/nope/authorize')).status).toBe(404)
    expect((await call('POST', '/api/connections/acme/authorize')).status).toBe(409)
    const state = new URL(authorized.body.authorizeUrl as string).searchParams.get('state')!
    const code = oauth.issueCode(`${publicUrl}/oauth/callback`)
    expect((await call('GET', `/oauth/callback?${new URLSearchParams({ state, code })}`, { token: null })).status).toBe(200)

    const expired = new Date(Date.now() - 60_000).toISOString()
    expect((await call('PUT', '/api/connections/acme-loket/tokens', { body: { accessToken: 'a', refreshToken: 'r', expiresAt: expired } })).status).toBe(204)
    expect((await call('PUT', '/api/connections/acme-loket/tokens', { body: { accessToken: '' } })).status).toBe(400)
    expect((await call('PUT', '/api/connections/acme-loket/tokens', { raw: 'x'.repeat(5000) })).status).toBe(413)
    expect((await call('PUT', '/api/connections/nope/tokens', { body: {} })).status).toBe(404)

    expect((await call('POST', '/api/connections/probed/check')).status).toBe(200)
    expect((await call('POST', '/api/connections/acme/check')).status).toBe(501)
    expect((await call('POST', '/api/connections/nope/check')).status).toBe(404)
  })

  it('syncs, runs, the feed, records, webhooks and deliveries; every webhook body matches its event schema', async () => {
    seed('er-1', 3, true)
    put(source, 'payroll_result', samplePayrollResult('er-1', 0, 1))
    put(source, 'payroll_result', samplePayrollResult('er-1', 2, 1, { id: 'job-2:2026-01:2', payslipType: { code: '2', label: 'Bijzonder tarief strook' } }))
    expect(await sync('acme')).toBe('succeeded')
    expect((await call('POST', '/api/connections/acme/sync', { body: { mode: 'sideways' } })).status).toBe(400)
    expect((await call('POST', '/api/connections/paused/sync')).status).toBe(409)
    expect((await call('POST', '/api/connections/nope/sync')).status).toBe(404)

    // Second sync: one of each entity changed, one of each deleted.
    put(source, 'employer', { id: 'er-1', employerId: 'er-1', number: '1', name: 'Acme BV', chamberOfCommerceNumber: null, payrollTaxNumber: null })
    put(source, 'employee', sampleEmployee('er-1', 0, { nationality: { code: '3', label: 'Belgische' } }))
    put(source, 'employment', sampleEmployment('er-1', 0, { endReason: { code: '2', label: 'moved' } }))
    put(source, 'working_hours', sampleWorkingHours('er-1', 0, { hoursPerWeek: 20 }))
    put(source, 'wage', sampleWage('er-1', 0, { payScale: { code: '1', label: 'B' } }))
    put(source, 'partner', samplePartner('er-1', 0, { endDate: '2026-03-31' }))
    put(source, 'child', sampleChild('er-1', 0, { dateOfBirth: '2012-09-02' }))
    put(source, 'payroll_result', samplePayrollResult('er-1', 0, 1, { payrollAdministrationId: 'pa-2' }))
    for (const entity of ['employee', 'partner', 'child', 'employment', 'working_hours', 'wage', 'payroll_result'] as const) remove(source, 'er-1', entity, [...source.employers.get('er-1')!.values()].find((r) => r.entity === entity && r.record.id.endsWith('2'))!.record.id)
    expect(await sync('acme', { mode: 'full' })).toBe('succeeded')
    // Deleting the employer record itself, last, so its dependants were gone first.
    remove(source, 'er-1', 'employer', 'er-1')
    expect(await sync('acme')).toBe('succeeded')

    seed('er-2', 1)
    expect(await sync('base')).toBe('succeeded')
    seed('er-3', 5)
    expect(await sync('guarded')).toBe('succeeded')
    for (let n = 0; n < 4; n++) remove(source, 'er-3', 'employee', sampleEmployee('er-3', n).id)
    expect(await sync('guarded')).toBe('held')
    seed('er-4', 1)
    source.failOnPage = { page: 1, employers: ['er-4'] }
    expect(await sync('flaky')).toBe('failed')
    source.failOnPage = undefined
    oauth.failNext(400, { error: 'invalid_grant' })
    expect(await sync('acme-loket')).toBe('failed')

    expect((await call('GET', '/api/runs')).status).toBe(200)
    expect((await call('GET', '/api/runs?limit=0')).status).toBe(400)
    const runs = (await call('GET', '/api/runs?connection=acme&limit=1')).body.items as Array<{ id: string }>
    expect((await call('GET', `/api/runs/${runs[0]!.id}`)).status).toBe(200)
    expect((await call('GET', '/api/runs/run_missing')).status).toBe(404)

    const feed = await call('GET', '/api/mutations?after=0&limit=1000')
    expect(feed.status).toBe(200)
    expect(feed.body.items.length).toBeGreaterThan(20)
    expect((await call('GET', '/api/mutations?after=-1')).status).toBe(400)
    for (const entity of ['employer', 'employee', 'employment', 'working_hours', 'wage']) {
      expect((await call('GET', `/api/records/${entity}?connection=acme&limit=2`)).status).toBe(200)
    }
    expect((await call('GET', '/api/records/nothing')).status).toBe(404)
    expect((await call('GET', '/api/records/employee?limit=many')).status).toBe(400)

    await gateway.dispatcher.drain({ timeoutMs: 20_000 })
    expect((await call('GET', '/api/webhooks')).status).toBe(200)
    const deliveries = await call('GET', '/api/webhooks/hooks/deliveries?limit=5')
    expect(deliveries.status).toBe(200)
    expect(deliveries.body.items.length).toBe(5)
    expect((await call('GET', '/api/webhooks/hooks/deliveries?status=lost')).status).toBe(400)
    expect((await call('GET', '/api/webhooks/x/deliveries')).status).toBe(404)
    expect((await call('POST', '/api/webhooks/hooks/replay', { body: { fromSequence: 1 } })).status).toBe(202)
    expect((await call('POST', '/api/webhooks/hooks/replay', { body: {} })).status).toBe(400)
    expect((await call('POST', '/api/webhooks/x/replay', { body: { fromSequence: 1 } })).status).toBe(404)
    expect((await call('POST', '/api/webhooks/hooks/enable')).status).toBe(200)
    expect((await call('POST', '/api/webhooks/x/enable')).status).toBe(404)

    // Release for review: what waits, a replay that cannot pass the hold, then everything released.
    const held = await call('GET', '/api/webhooks/review/held?limit=2')
    expect(held.status).toBe(200)
    expect(held.body.items).toHaveLength(2)
    expect((await call('GET', `/api/webhooks/review/held?after=${held.body.nextAfter}`)).body.items.length).toBeGreaterThan(0)
    expect((await call('GET', '/api/webhooks/review/held?limit=0')).status).toBe(400)
    expect((await call('GET', '/api/webhooks/x/held')).status).toBe(404)
    const replayHeld = await call('POST', '/api/webhooks/review/replay', { body: { mutationIds: [held.body.items[0].id] } })
    expect(replayHeld.status).toBe(409)
    expect(replayHeld.body.error.code).toBe('delivery_held')
    expect((await call('POST', '/api/webhooks/review/replay', { body: { mutationIds: ['mut_bogus'] } })).status).toBe(400)
    expect((await call('POST', '/api/webhooks/review/release', { body: { mutationIds: ['mut_bogus'] } })).status).toBe(400)
    expect((await call('POST', '/api/webhooks/x/release', { body: {} })).status).toBe(404)
    const released = await call('POST', '/api/webhooks/review/release', { body: {} })
    expect(released.status).toBe(200)
    expect(released.body.released).toBeGreaterThan(2)
    await gateway.dispatcher.drain({ timeoutMs: 20_000 })

    const received = receiver.received
    expect(received.every((r) => r.verified)).toBe(true)
    for (const webhook of received) {
      const schema = doc.webhooks[webhook.type]?.post.requestBody.content['application/json'].schema as Schema | undefined
      expect(schema, `event type ${webhook.type} is not documented`).toBeDefined()
      expect(validateSchema(doc, schema!, JSON.parse(webhook.body)), `${webhook.type} ${webhook.id}`).toEqual([])
    }
    expect(new Set(received.map((r) => r.type))).toEqual(new Set(Object.keys(doc.webhooks)))

    // A year on, retention has pruned the delivered history: the feed says so, as documented.
    expect((await gateway.pruner.pruneNow({ now: new Date(Date.now() + 365 * 86_400_000) })).mutations).toBeGreaterThan(0)
    const truncated = await call('GET', '/api/mutations?after=0')
    expect(truncated.status).toBe(410)
    expect(truncated.body.error.code).toBe('feed_truncated')
    expect((await call('GET', `/api/mutations?after=${truncated.body.error.details.oldestSequence - 1}`)).status).toBe(200)
  })

  it('file uploads: stored and synced, or refused as documented', async () => {
    const csv = 'employee_number,last_name\n1,Vries\n2,Jansen\n'
    const uploaded = await call('POST', '/api/connections/drop/files?name=employees-1.csv', { raw: csv })
    expect(uploaded.status).toBe(202)
    expect(uploaded.body).toEqual({ fileId: expect.stringMatching(/^file_/), runId: expect.stringMatching(/^run_/) })
    expect(await waitForRun(uploaded.body.runId as string)).toBe('succeeded')
    while (gateway.runner.isRunning('drop')) await new Promise((resolve) => setTimeout(resolve, 10))
    expect((await call('POST', '/api/connections/drop/files?name=../employees.csv', { raw: csv })).status).toBe(400)
    expect((await call('POST', '/api/connections/drop/files?name=payslips.pdf', { raw: csv })).status).toBe(400)
    expect((await call('POST', '/api/connections/acme/files?name=employees.csv', { raw: csv })).status).toBe(400)
    expect((await call('POST', '/api/connections/nope/files?name=employees.csv', { raw: csv })).status).toBe(404)
    expect((await call('POST', '/api/connections/drop/files?name=employees-2.csv', { raw: 'x'.repeat(9000) })).status).toBe(413)
  })

  it('readiness answers 503 as documented once the database is gone', async () => {
    await gateway.close()
    closed = true
    expect((await call('GET', '/readyz', { token: null })).status).toBe(503)
  })

  it('exercised a success and, where the document lists errors, an error of every route', () => {
    for (const route of routeCatalogue) {
      const statuses = [...(exercised.get(`${route.method} ${route.path}`) ?? [])]
      expect(statuses.some((status) => status < 300), `${route.method} ${route.path}: no success tried`).toBe(true)
      const documentsErrors = Object.keys(doc.paths[openApiPath(route.path)][route.method].responses).some((status) => Number(status) >= 400)
      if (documentsErrors) expect(statuses.some((status) => status >= 400), `${route.method} ${route.path}: no error tried`).toBe(true)
    }
  })
})
