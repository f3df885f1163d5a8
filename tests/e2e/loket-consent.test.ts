import Database from 'better-sqlite3'
import { existsSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StartedLoketSandbox } from '../../connectors/loket/sandbox/index.js'
import { loadTokens } from '../../core/auth/token-store.js'
import { answerConsent, connectionId, startGateway, startSandbox, type GatewayInstance } from './loket-harness.js'
import { onPostgres } from '../helpers/test-database.js'

let sandbox: StartedLoketSandbox
let instance: GatewayInstance

beforeAll(async () => {
  sandbox = await startSandbox({ employeesPerEmployer: 6 })
  instance = await startGateway(sandbox)
})
afterAll(async () => {
  await instance.close()
  await sandbox.close()
})

const authorize = () => instance.api.call<{ authorizeUrl: string }>('POST', `/api/connections/${connectionId}/authorize`)

/** The SQLite file and its WAL, as bytes: what an attacker with a copy of the disk gets. */
function databaseBytes(path: string): string {
  return [path, `${path}-wal`].filter(existsSync).map((file) => readFileSync(file).toString('latin1')).join('')
}

describe('authorizing a Loket connection through the consent screen', () => {
  it('builds the authorize URL from the settings and server.public_url', async () => {
    const { authorizeUrl } = await authorize()
    const url = new URL(authorizeUrl)
    expect(`${url.origin}${url.pathname}`).toBe(`${sandbox.oauthBaseUrl}/authorize`)
    expect(url.searchParams.get('client_id')).toBe(sandbox.oauth.clientId)
    expect(url.searchParams.get('redirect_uri')).toBe(`${instance.url}/oauth/callback`)
    expect(url.searchParams.get('response_type')).toBe('code')
    expect(url.searchParams.get('scope')).toBe('all')
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{32,}$/)
    const second = new URL((await authorize()).authorizeUrl)
    expect(second.searchParams.get('state')).not.toBe(url.searchParams.get('state'))
  })

  it('"Weigeren" shows the failure page and leaves the connection needing authorization', async () => {
    const before = sandbox.oauth.tokenRequests.authorization_code
    const { status, page } = await answerConsent((await authorize()).authorizeUrl, 'deny')
    expect(status).toBe(400)
    expect(page).toContain('Authorization of the Loket.nl connection was refused.')
    expect(page).toContain('Het autoriseren van de Loket.nl koppeling is geweigerd.')
    expect(sandbox.oauth.tokenRequests.authorization_code).toBe(before)
    expect(await instance.api.connection(connectionId)).toMatchObject({ status: 'needs_authorization', authorized: false })
    const run = await instance.api.sync(connectionId)
    expect(run).toMatchObject({ status: 'failed', error: { code: 'needs_authorization' } })
  })

  // SQLite only: it reads the stored ciphertext from the database file.
  it.skipIf(onPostgres)('"Toestaan" stores the tokens encrypted, makes the connection ready, and a sync works with them', async () => {
    const { status, page, callbackUrl } = await answerConsent((await authorize()).authorizeUrl, 'allow')
    expect(status).toBe(200)
    expect(page).toContain('Authorization of the Loket.nl connection succeeded')
    expect(page).toContain('Het autoriseren van de Loket.nl koppeling is geslaagd')
    expect(new URL(callbackUrl).pathname).toBe('/oauth/callback')
    expect(await instance.api.connection(connectionId)).toMatchObject({ status: 'ready', authorized: true })

    const tokens = await loadTokens(instance.gateway.db, instance.gateway.vault, connectionId)
    expect(tokens?.accessToken).toMatch(/^[\w-]{20,}$/)
    const raw = new Database(instance.dbPath, { readonly: true })
    try {
      const row = raw.prepare('SELECT credentials, status FROM connections WHERE id = ?').get(connectionId) as { credentials: string; status: string }
      expect(row.status).toBe('ready')
      expect(row.credentials).not.toContain(tokens!.accessToken)
      expect(row.credentials).not.toContain(tokens!.refreshToken)
    } finally {
      raw.close()
    }
    const bytes = databaseBytes(instance.dbPath)
    expect(bytes).not.toContain(tokens!.accessToken)
    expect(bytes).not.toContain(tokens!.refreshToken)

    const run = await instance.api.sync(connectionId)
    expect(run.status).toBe('succeeded')
    const code = new URL(callbackUrl).searchParams.get('code')!
    const logs = instance.logLines.join('')
    for (const secret of [tokens!.accessToken, tokens!.refreshToken, code, '012345672']) expect(logs).not.toContain(secret)

    // The same callback again: the state was single-use.
    const replay = await fetch(callbackUrl)
    expect(replay.status).toBe(400)
    expect(await replay.text()).toContain('already used')
    const unknown = await fetch(`${instance.url}/oauth/callback?state=forged&code=x`)
    expect(unknown.status).toBe(400)
    expect(await loadTokens(instance.gateway.db, instance.gateway.vault, connectionId)).toEqual(tokens)
  })
})
