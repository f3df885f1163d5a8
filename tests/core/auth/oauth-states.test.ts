import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { consumeState, createAuthorization } from '../../../core/auth/oauth-states.js'
import { type Db } from '../../../core/storage/open-database.js'
import { openTestDatabase } from '../../helpers/test-database.js'

let db: Db
beforeEach(async () => {
  db = await openTestDatabase()
})
afterEach(async () => {
  await db.destroy()
})

const endpoints = { authorizeUrl: 'https://oauth.example.test/authorize', tokenUrl: 'https://oauth.example.test/token', clientId: 'c', scope: 'read write' }

async function issue(now = new Date()): Promise<string> {
  const { authorizeUrl } = await createAuthorization({ db, connectionId: 'acme', endpoints, redirectUri: 'https://k.test/oauth/callback', now })
  return new URL(authorizeUrl).searchParams.get('state')!
}

describe('oauth states', () => {
  it('uses the endpoint scope when the connector names one', async () => {
    const { authorizeUrl } = await createAuthorization({ db, connectionId: 'acme', endpoints, redirectUri: 'https://k.test/oauth/callback' })
    expect(new URL(authorizeUrl).searchParams.get('scope')).toBe('read write')
  })

  it('lets exactly one of two racing callbacks consume a state', async () => {
    const state = await issue()
    const results = await Promise.all([consumeState(db, state), consumeState(db, state), consumeState(db, state)])
    expect(results.filter((r) => r.ok)).toEqual([{ ok: true, connectionId: 'acme' }])
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'already used' }, { ok: false, reason: 'already used' }])
  })

  it('expires a state ten minutes after it was issued', async () => {
    const issuedAt = new Date('2026-03-01T10:00:00Z')
    const state = await issue(issuedAt)
    expect(await consumeState(db, state, new Date('2026-03-01T10:10:00Z'))).toEqual({ ok: false, reason: 'expired' })
    const fresh = await issue(issuedAt)
    expect(await consumeState(db, fresh, new Date('2026-03-01T10:09:59Z'))).toEqual({ ok: true, connectionId: 'acme' })
  })

  it('purges states long past their expiry when new ones are issued', async () => {
    await issue(new Date(Date.now() - 3 * 24 * 60 * 60 * 1000))
    await issue()
    expect(await db.selectFrom('oauth_states').select('connection_id').execute()).toHaveLength(1)
  })
})
