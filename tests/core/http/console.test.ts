import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { createApp } from '../../../core/http/app.js'
import { consoleRoutes } from '../../../core/http/console/console-routes.js'
import type { ApiMutation } from '../../../core/http/console/api-shapes.js'
import type { HeldChanges } from '../../../core/http/console/held-changes.js'
import { recordRoutes } from '../../../core/http/routes/records.js'
import { createRegistry } from '../../../core/registry.js'
import { put } from '../../fakes/fake-connector.js'
import { sampleEmployee, sampleEmployment, sampleWage } from '../../fakes/sample-records.js'
import { consoleClient } from './console-client.js'
import { adminToken, createGatewayHarness } from './gateway-harness.js'

const connections = [{ id: 'acme', connector: 'fake', employers: ['er-1'], initial_sync: 'emit' }]

async function loggedIn(extra: Record<string, unknown> = {}) {
  const harness = await createGatewayHarness({ connections, ...extra })
  const client = consoleClient(harness.gateway)
  const response = await client.login(adminToken)
  expect(response.status).toBe(303)
  return { ...harness, client }
}

describe('console: login and session', () => {
  it('GET / redirects to the console, which sends a visitor without a session to the login', async () => {
    const { gateway } = await createGatewayHarness()
    const root = await gateway.app.request('/')
    expect(root.status).toBe(302)
    expect(root.headers.get('location')).toBe('/console')
    const console = await gateway.app.request('/console')
    expect(console.status).toBe(303)
    expect(console.headers.get('location')).toBe('/console/login?next=%2Fconsole')
    const login = await gateway.app.request('/console/login')
    const html = await login.text()
    expect(login.headers.get('cache-control')).toBe('no-store')
    expect(html).toContain('<html lang="nl">')
    expect(html).toContain('>Inloggen</button>')
    expect(html).toMatch(/<label for="token">[^<]+<\/label>\s*<input type="password" id="token"/)
    // The stylesheet is raw text: HTML does not decode entities inside <style>.
    expect(html).toContain('ul.items>li')
    expect(html).toContain('"Segoe UI"')
  })

  it('the OAuth result page links back to the console', async () => {
    const { gateway } = await createGatewayHarness()
    const page = await (await gateway.app.request('/oauth/callback')).text()
    expect(page).toContain('<a href="/console">')
  })

  it('a right token makes an HttpOnly SameSite=Strict session cookie, without Secure under http', async () => {
    const { gateway } = await createGatewayHarness()
    const client = consoleClient(gateway)
    const response = await client.login(adminToken)
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/console')
    const cookie = response.headers.getSetCookie().find((header) => header.startsWith('koppel_session='))!
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    expect(cookie).not.toMatch(/Secure/)
    const overview = await client.get('/console')
    expect(overview.status).toBe(200)
    expect(overview.headers.get('cache-control')).toBe('no-store')
    const html = await overview.text()
    expect(html).toContain('Gebruik koppeling')
    expect(html).toContain('Werkgever ID')
    expect(html).toContain('Fake payroll')
    expect(html).toContain('>Uitloggen</button>')
  })

  it('the session cookie is Secure when public_url is https', async () => {
    const { gateway } = await createGatewayHarness({ server: { public_url: 'https://koppel.example.com', admin_token: adminToken } })
    const response = await consoleClient(gateway).login(adminToken)
    expect(response.headers.getSetCookie().find((header) => header.startsWith('koppel_session='))).toMatch(/Secure/)
  })

  it('a wrong token, or a login form without its CSRF token, makes no session', async () => {
    const { gateway } = await createGatewayHarness()
    const client = consoleClient(gateway)
    const wrong = await client.login('not-the-admin-token-at-all-000')
    expect(wrong.status).toBe(401)
    expect(await wrong.text()).toContain('Dit beheertoken klopt niet.')
    expect(client.cookies.has('koppel_session')).toBe(false)
    await client.get('/console/login')
    const forged = await client.post('/console/login', { _csrf: 'forged', token: adminToken })
    expect(forged.status).toBe(403)
    expect(client.cookies.has('koppel_session')).toBe(false)
  })

  it('logout ends the session on the server', async () => {
    const { client } = await loggedIn()
    const session = client.cookies.get('koppel_session')!
    expect((await client.post('/console/logout', { _csrf: await client.csrf() })).status).toBe(303)
    client.cookies.set('koppel_session', session)
    expect((await client.get('/console')).status).toBe(303)
  })
})

describe('console: forms', () => {
  it('a POST without the CSRF token, or with a wrong one, is refused and starts nothing', async () => {
    const { client, gateway } = await loggedIn()
    expect((await client.post('/console/connections/acme/sync', {})).status).toBe(403)
    expect((await client.post('/console/connections/acme/sync', { _csrf: 'wrong' })).status).toBe(403)
    expect(await gateway.db.selectFrom('runs').selectAll().execute()).toEqual([])
    const started = await client.post('/console/connections/acme/sync', { _csrf: await client.csrf() })
    expect(started.status).toBe(303)
    expect(started.headers.get('location')).toMatch(/^\/console\/runs\/run_/)
  })

  it('"Ophalen gegevens" goes through the admin API: a disabled connection is refused in plain words', async () => {
    const { client, gateway } = await loggedIn({ connections: [...connections, { id: 'paused', connector: 'fake', employers: ['er-1'], enabled: false }] })
    const refused = await client.post('/console/connections/paused/sync', { _csrf: await client.csrf() })
    expect(refused.headers.get('location')).toBe('/console/connections/paused#fetch')
    const page = await (await client.get('/console/connections/paused')).text()
    expect(page).toContain('Deze koppeling staat uit')
    expect(await gateway.db.selectFrom('runs').selectAll().execute()).toEqual([])
  })

  it('a POST after the session expired returns to the login with the form kept, and runs only when confirmed', async () => {
    const { client, gateway } = await loggedIn()
    const csrf = await client.csrf()
    client.cookies.set('koppel_session', 'expired-session-id')
    const expired = await client.post('/console/connections/acme/sync', { _csrf: csrf }, { referer: 'http://localhost/console/connections/acme' })
    expect(expired.status).toBe(401)
    const login = await expired.text()
    expect(login).toContain('Uw sessie is verlopen')
    expect(login).toContain('name="next" value="/console/connections/acme"')
    expect(await gateway.db.selectFrom('runs').selectAll().execute()).toEqual([])

    const pending = /name="pending" value="([^"]+)"/.exec(login)![1]!.replaceAll('&quot;', '"')
    const loginCsrf = /name="_csrf" value="([^"]+)"/.exec(login)![1]!
    const resumed = await client.post('/console/login', { _csrf: loginCsrf, token: adminToken, next: '/console/connections/acme', pending })
    expect(resumed.status).toBe(200)
    const resume = await resumed.text()
    expect(resume).toContain('action="/console/connections/acme/sync"')
    expect(await gateway.db.selectFrom('runs').selectAll().execute()).toEqual([])
    const newCsrf = /name="_csrf" value="([^"]+)"/.exec(resume)![1]!
    expect((await client.post('/console/connections/acme/sync', { _csrf: newCsrf })).status).toBe(303)
    expect(await gateway.db.selectFrom('runs').selectAll().execute()).toHaveLength(1)
  })
})

describe('console: personal values', () => {
  it('BSN, IBAN-like, names and salaries never appear on the connection and run pages', async () => {
    const { client, source, waitForRun } = await loggedIn()
    const employee = sampleEmployee('er-1', 1)
    put(source, 'employee', employee)
    put(source, 'employment', sampleEmployment('er-1', 1))
    put(source, 'wage', sampleWage('er-1', 1))
    const started = await client.post('/console/connections/acme/sync', { _csrf: await client.csrf() })
    const runPath = started.headers.get('location')!
    await waitForRun(runPath.split('/').pop()!)
    put(source, 'employee', { ...employee, bsn: '123456782', name: { ...employee.name, lastName: 'Pietersen' } })
    put(source, 'wage', sampleWage('er-1', 1, { grossAmountCents: 412345 }))
    const second = await client.post('/console/connections/acme/sync', { _csrf: await client.csrf() })
    await waitForRun(second.headers.get('location')!.split('/').pop()!)

    const page = await (await client.get('/console/connections/acme')).text()
    expect(page).toContain('Laatste wijzigingen')
    expect(page).toContain('<code>bsn</code>: ••••• → •••••')
    expect(page).toContain('<code>grossAmountCents</code>: ••••• → •••••')
    for (const secret of [employee.bsn!, '123456782', 'Pietersen', 'Jansen1', '350001', '412345', 'Voordijk']) expect(page).not.toContain(secret)
    const run = await (await client.get(second.headers.get('location')!)).text()
    expect(run).toContain('Gewijzigd')
    expect(run).not.toContain('123456782')
  })
})

describe('console: language', () => {
  it('Dutch by default; ?lang=en switches to English and stays, "Nederlands" switches back', async () => {
    const { client } = await loggedIn()
    expect(await (await client.get('/console')).text()).toContain('>English</a>')
    const english = await (await client.get('/console?lang=en')).text()
    expect(english).toContain('<html lang="en">')
    expect(english).toContain('>Log out</button>')
    expect(english).toContain('Use connection')
    expect(english).toContain('>Nederlands</a>')
    expect(await (await client.get('/console')).text()).toContain('>Log out</button>')
    expect(await (await client.get('/console?lang=nl')).text()).toContain('>Uitloggen</button>')
  })
})

describe('console: Verzenden and webhooks', () => {
  const webhooks = [
    { id: 'held', url: 'https://user:secret@hooks.example.com/in?key=abc', secret: `whsec_${Buffer.alloc(32, 1).toString('base64')}`, release: 'manual' },
  ]
  const mutation = (n: number, employerId: string): ApiMutation => ({
    id: `mut_${n}`, sequence: n, connection: 'acme', employerId, entity: 'employee', recordId: `emp-${n}`, operation: 'updated', record: null, previous: null,
    changes: [{ path: 'bsn', before: '111222333', after: '123456782' }, { path: 'address.city', before: 'Leiden', after: 'Delft' }],
  })

  it('without the release feature (or without release: manual) nothing is held', async () => {
    const { client } = await loggedIn()
    const page = await (await client.get('/console/release')).text()
    expect(page).toContain('Er wordt niets vastgehouden.')
  })

  it('held changes are shown per employer, masked, and released with their ids', async () => {
    const released: Array<{ webhookId: string; mutationIds: string[] }> = []
    const held: HeldChanges = {
      async list() { return [mutation(1, 'er-1'), mutation(2, 'er-2'), mutation(3, 'er-1')] },
      async release(webhookId, mutationIds) {
        released.push({ webhookId, mutationIds })
        return { ok: true, status: 200, body: { released: mutationIds.length, mutationIds } }
      },
    }
    const harness = await createGatewayHarness({ connections })
    // The schema of this branch may not know `release` yet: the console reads it structurally.
    const config = { ...harness.gateway.config, webhooks: webhooks as unknown as typeof harness.gateway.config.webhooks }
    const log = pino({ level: 'silent' })
    const app = createApp({ ...harness.gateway, log, registry: createRegistry([]) }, [
      { path: '/api', admin: true, app: recordRoutes({ config, db: harness.gateway.db }) },
      { path: '/', admin: false, app: consoleRoutes({ config, db: harness.gateway.db, log, held: () => held }) },
    ])
    // er-1 is a stored employer record: people know it by its number and name, not its id.
    const now = new Date().toISOString()
    await harness.gateway.db.insertInto('records').values({
      connection_id: 'acme', entity: 'employer', id: 'er-1', employer_id: 'er-1', hash: 'h', updated_at: now,
      data: JSON.stringify({ id: 'er-1', number: '123456', name: 'Acme BV' }),
    }).execute()
    const client = consoleClient({ app })
    await client.login(adminToken)
    const page = await (await client.get('/console/release')).text()
    expect(page).toContain('Werkgever <code>123456</code> Acme BV (2)')
    expect(page).toContain('Werkgever <code>er-2</code> (1)')
    expect(page).not.toContain('111222333')
    expect(page).not.toContain('Delft')
    const response = await client.post('/console/release/held', { _csrf: await client.csrf('/console/release'), mutationId: ['mut_1', 'mut_3'] })
    expect(response.headers.get('location')).toBe('/console/release')
    expect(released).toEqual([{ webhookId: 'held', mutationIds: ['mut_1', 'mut_3'] }])
    expect(await (await client.get('/console/release')).text()).toContain('2 wijziging(en) vrijgegeven')
  })
})
