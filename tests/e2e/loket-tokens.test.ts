import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StartedLoketSandbox } from '../../connectors/loket/sandbox/index.js'
import { loadTokens } from '../../core/auth/token-store.js'
import { snapshotDifferences } from './e2e-api.js'
import { answerConsent, connectionId, referenceSnapshot, startGateway, startSandbox, type GatewayInstance } from './loket-harness.js'

let sandbox: StartedLoketSandbox
let instance: GatewayInstance
const employeesList = (id: string) => new RegExp(`/employers/${id}/employees$`)

beforeAll(async () => {
  sandbox = await startSandbox({ employeesPerEmployer: 8 })
  instance = await startGateway(sandbox, { receiver: true, settings: { page_size: 5 } })
})
afterAll(async () => {
  await instance?.close()
  await sandbox?.close()
})

const refreshes = () => sandbox.oauth.tokenRequests.refresh_token
const stored = () => loadTokens(instance.gateway.db, instance.gateway.vault, connectionId)
const unauthorizedAnswers = () => sandbox.requests.filter((entry) => entry.status === 401).length

describe('Loket tokens during syncs', () => {
  it('refreshes proactively before expiry, once, and persists the rotated refresh token', async () => {
    await instance.enterTokens(new Date(Date.now() + 60_000).toISOString())
    const entered = await stored()
    const before = refreshes()
    sandbox.requests.length = 0
    const run = await instance.api.sync(connectionId)
    expect(run.status).toBe('succeeded')
    expect(refreshes() - before).toBe(1)
    expect(unauthorizedAnswers()).toBe(0)
    const now = await stored()
    expect(now!.refreshToken).not.toBe(entered!.refreshToken)
    expect(Date.parse(now!.expiresAt) - Date.now()).toBeGreaterThan(3000_000)
    expect((await instance.api.connection(connectionId)).tokenExpiresAt).toBe(now!.expiresAt)
  })

  it('after the access tokens expire mid-run: one refresh, the refused requests retried, the run succeeds', async () => {
    const employer = [...sandbox.data.employers.keys()][0]!
    const before = refreshes()
    const rotated = (await stored())!.refreshToken
    sandbox.requests.length = 0
    // Hold the employee list long enough to expire every token while requests are in flight.
    sandbox.faults.add({ kind: 'delay', ms: 250, path: employeesList(employer) })
    const { runId } = await instance.api.call<{ runId: string }>('POST', `/api/connections/${connectionId}/sync`, {})
    while (!sandbox.requests.some((entry) => employeesList(employer).test(entry.path))) await new Promise((resolve) => setTimeout(resolve, 2))
    sandbox.oauth.expireAccessTokens()
    const run = await instance.api.waitForRun(runId)
    expect(run.status).toBe('succeeded')
    expect(unauthorizedAnswers()).toBeGreaterThanOrEqual(1)
    expect(refreshes() - before).toBe(1)
    // The refresh used the refresh token persisted by the previous refresh (rotation).
    expect((await stored())!.refreshToken).not.toBe(rotated)
    expect(snapshotDifferences(await instance.api.snapshot(), await referenceSnapshot(sandbox))).toEqual([])
  })

  it('a sync and a rights check that both find the token expired share ONE refresh', async () => {
    await instance.enterTokens(new Date(Date.now() - 1000).toISOString())
    const before = refreshes()
    sandbox.faults.add({ kind: 'delay', ms: 150, path: '/token' })
    const [sync, check] = await Promise.all([
      instance.api.call<{ runId: string }>('POST', `/api/connections/${connectionId}/sync`, {}),
      instance.api.raw('POST', `/api/connections/${connectionId}/check`),
    ])
    expect(check.status).toBe(200)
    expect((await instance.api.waitForRun(sync.runId)).status).toBe('succeeded')
    expect(refreshes() - before).toBe(1)
  })

  it('a refused refresh token fails the run, marks the connection needs_authorization and tells the webhooks once', async () => {
    const receiver = instance.receiver!
    const snapshot = await instance.api.snapshot()
    const feed = await instance.api.feed(0)
    sandbox.oauth.revokeRefreshTokens()
    sandbox.oauth.expireAccessTokens()
    sandbox.changeAddress([...sandbox.data.employees.keys()][0]!)
    const run = await instance.api.sync(connectionId)
    expect(run).toMatchObject({ status: 'failed', error: { code: 'needs_authorization' } })
    expect(await instance.api.connection(connectionId)).toMatchObject({ status: 'needs_authorization' })
    expect(snapshotDifferences(await instance.api.snapshot(), snapshot)).toEqual([])
    expect(await instance.api.feed(0)).toEqual(feed)
    const event = await waitForType(receiver.received, 'connection.authorization_required')
    expect(event).toMatchObject({ verified: true, json: { data: expect.objectContaining({ connection: connectionId }) } })

    // Trying again does not hammer the token endpoint nor repeat the event.
    const refreshesBefore = refreshes()
    const again = await instance.api.sync(connectionId)
    expect(again).toMatchObject({ status: 'failed', error: { code: 'needs_authorization' } })
    expect(refreshes()).toBe(refreshesBefore)
    await waitForType(receiver.received, 'sync.failed', 2)
    expect(receiver.received.filter((r) => r.type === 'connection.authorization_required')).toHaveLength(1)
    expect(await instance.api.connection(connectionId)).toMatchObject({ status: 'needs_authorization' })

    // A new consent brings it back.
    const { authorizeUrl } = await instance.api.call<{ authorizeUrl: string }>('POST', `/api/connections/${connectionId}/authorize`)
    expect((await answerConsent(authorizeUrl, 'allow')).status).toBe(200)
    expect((await instance.api.sync(connectionId)).status).toBe('succeeded')
    expect(await instance.api.connection(connectionId)).toMatchObject({ status: 'ready' })
  })
})

async function waitForType<T extends { type: string }>(received: T[], type: string, count = 1): Promise<T> {
  const deadline = Date.now() + 5000
  while (received.filter((r) => r.type === type).length < count) {
    if (Date.now() > deadline) throw new Error(`no ${count}× ${type} webhook; got ${received.map((r) => r.type).join(', ')}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return received.filter((r) => r.type === type)[count - 1]!
}
