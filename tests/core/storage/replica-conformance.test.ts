/**
 * Storage conformance for several processes on one database (DESIGN §4, §9, §10): the
 * concurrency cases every storage dialect must pass. Written against `SharedDatabase`
 * (tests/helpers/shared-database.ts), so a PostgreSQL helper can run the same cases.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { saveTokens } from '../../../core/auth/token-store.js'
import { generateEncryptionKey, createVault } from '../../../core/auth/vault.js'
import { insertDeliveries } from '../../../core/storage/deliveries.js'
import type { Db } from '../../../core/storage/open-database.js'
import { startFakeOAuthServer } from '../../fakes/oauth-server.js'
import { inProcesses, sharedSqliteDatabase, type SharedDatabase } from '../../helpers/shared-database.js'

export function describeReplicaConformance(name: string, createShared: () => Promise<SharedDatabase>): void {
  describe(`storage conformance with several processes (${name})`, () => {
    let shared: SharedDatabase
    let db: Db
    beforeEach(async () => {
      shared = await createShared()
      db = await shared.open()
    })
    afterEach(async () => {
      await shared.close()
    })

    it('two claimers never get the same delivery', async () => {
      const now = new Date(Date.now() - 1000).toISOString()
      const rows = Array.from({ length: 300 }, (_, i) => ({
        subscription_id: 'hooks', message_id: `mut_${i}`, sequence: i + 1, ordering_key: `employee/e${i % 40}`, status: 'pending' as const,
        attempts: 0, next_attempt_at: now, lease_until: null, last_error: null, created_at: now, finished_at: null, payload: `{"n":${i}}`,
      }))
      await db.transaction().execute((trx) => insertDeliveries(trx, rows))
      const claimed = await inProcesses<number[]>(2, 'claim', shared.location)
      const all = claimed.flat()
      expect(new Set(all).size).toBe(all.length)
      expect(all).toHaveLength(300)
      expect(claimed.every((ids) => ids.length > 0)).toBe(true)
    }, 120_000)

    it('two runs of one connection never both start', async () => {
      const rounds = 20
      const outcomes = await inProcesses<Record<string, string>>(2, 'run', shared.location, [String(rounds)])
      for (let i = 0; i < rounds; i++) expect([outcomes[0]![`c${i}`], outcomes[1]![`c${i}`]].sort()).toEqual(['claimed', 'run_in_progress'])
      const running = await db.selectFrom('runs').select('connection_id').where('status', '=', 'running').execute()
      expect(running).toHaveLength(rounds)
    }, 120_000)

    it('a feed reader paging while two writers commit never misses or repeats a mutation', async () => {
      const seen: { id: string; sequence: number }[] = []
      let after = 0
      let writing = true
      const read = async () => {
        const page = await db.selectFrom('mutations').select(['id', 'sequence']).where('sequence', '>', after).orderBy('sequence').limit(7).execute()
        for (const row of page) seen.push({ id: row.id, sequence: Number(row.sequence) })
        if (page.length > 0) after = Number(page.at(-1)!.sequence)
        return page.length
      }
      const reader = (async () => {
        while (writing) if ((await read()) === 0) await new Promise((r) => setTimeout(r, 1))
        while ((await read()) > 0);
      })()
      const written = await inProcesses<string[]>(2, 'write', shared.location, ['60']).finally(() => (writing = false))
      await reader
      const expected = written.flat().sort()
      expect(seen.map((row) => row.id).sort()).toEqual(expected)
      expect(new Set(seen.map((row) => row.id)).size).toBe(seen.length)
      for (let i = 1; i < seen.length; i++) expect(seen[i]!.sequence).toBeGreaterThan(seen[i - 1]!.sequence)
    }, 120_000)

    it('a refresh under two processes uses the refresh token once', async () => {
      const oauth = await startFakeOAuthServer({ clientSecret: 's3cret', delayMs: 300 })
      try {
        const key = generateEncryptionKey()
        oauth.addRefreshToken('refresh-0')
        await saveTokens(db, createVault(key), { id: 'acme', connector: 'loket' }, { accessToken: 'access-0', refreshToken: 'refresh-0', expiresAt: new Date(Date.now() - 1000).toISOString() })
        const tokens = await inProcesses<string>(2, 'refresh', shared.location, [key, oauth.tokenUrl, 'acme'])
        const uses = oauth.tokenRequests.filter((form) => form.grant_type === 'refresh_token')
        expect(uses).toHaveLength(1)
        expect(tokens[0]).not.toBe('access-0')
        expect(tokens[1]).toBe(tokens[0])
      } finally {
        await oauth.close()
      }
    }, 120_000)
  })
}

describeReplicaConformance('sqlite', sharedSqliteDatabase)
