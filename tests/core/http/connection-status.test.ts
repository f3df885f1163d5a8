import { afterEach, describe, expect, it } from 'vitest'
import { claimRun } from '../../../core/storage/claim-run.js'
import { setConnectionStatus } from '../../../core/storage/connections.js'
import { createGatewayHarness, type GatewayHarness } from './gateway-harness.js'

let h: GatewayHarness | undefined
afterEach(async () => { await h?.gateway.close(); h = undefined })

const loket = { id: 'acme-loket', connector: 'loket', employers: ['123'], settings: { client_id: 'c', client_secret: 's' } }
const connection = async (id: string) => (await (await h!.request(`/api/connections/${id}`)).json()) as { status: string; authorized: boolean }

describe('a connection\'s status and authorized flag', () => {
  it('agree through consent, manual tokens and an invalid_grant', async () => {
    h = await createGatewayHarness({ connections: [{ id: 'acme', connector: 'fake', employers: ['er-1'] }, loket] })
    expect(await connection('acme-loket')).toMatchObject({ status: 'needs_authorization', authorized: false })
    const put = await h.request('/api/connections/acme-loket/tokens', {
      method: 'PUT', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accessToken: 'a'.repeat(20), refreshToken: 'r'.repeat(20), expiresAt: new Date(Date.now() + 3_600_000).toISOString() }),
    })
    expect(put.status).toBe(204)
    expect(await connection('acme-loket')).toMatchObject({ status: 'ready', authorized: true })
    // What the token provider does on invalid_grant: the stored tokens stay, the status flips.
    await setConnectionStatus(h.gateway.db, 'acme-loket', 'needs_authorization')
    expect(await connection('acme-loket')).toMatchObject({ status: 'needs_authorization', authorized: false })
  })

  it('a connector without OAuth is authorized by its configuration', async () => {
    h = await createGatewayHarness()
    expect(await connection('acme')).toMatchObject({ status: 'ready', authorized: true })
  })

  it('is syncing while a run of another process (a CLI sync, a replica) holds the connection', async () => {
    h = await createGatewayHarness()
    expect(await connection('acme')).toMatchObject({ status: 'ready' })
    // What another process's runner writes when it takes the connection: this process runs nothing.
    await claimRun(h.gateway.db, { id: 'run_elsewhere', connectionId: 'acme', mode: 'full', trigger: 'cli', force: false, counts: {} })
    expect(await connection('acme')).toMatchObject({ status: 'syncing' })
  })
})
