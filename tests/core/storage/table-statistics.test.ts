import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { insertMessageDeliveries } from '../../../core/storage/deliveries.js'
import type { Db } from '../../../core/storage/open-database.js'
import { syncSubscriptions } from '../../../core/storage/subscriptions.js'
import { onPostgres, openTestDatabase } from '../../helpers/test-database.js'
import { put } from '../../fakes/fake-connector.js'
import { sampleEmployee, sampleEmployment, sampleWage } from '../../fakes/sample-records.js'
import { createSyncHarness } from '../sync/sync-harness.js'

const opened: Db[] = []
afterEach(async () => {
  for (const db of opened.splice(0)) await db.destroy()
})

const now = '2026-03-01T10:00:00.000Z'
/** `n` messages with one delivery each, written as a sync commit writes them. */
async function write(db: Db, from: number, n: number): Promise<void> {
  const ids = Array.from({ length: n }, (_, i) => `mut_${from + i}`)
  await db.transaction().execute((trx) => insertMessageDeliveries(
    trx,
    ids.map((id) => ({ message_id: id, payload: `{"id":"${id}"}` })),
    ids.map((id) => ({ subscription_id: 'hr', message_id: id, sequence: null, ordering_key: `acme/employee/${id}`, status: 'pending', attempts: 0, next_attempt_at: now, last_error: null, created_at: now, finished_at: null })),
  ))
}

const estimate = async (db: Db, table = 'deliveries') => Number((await sql<{ rows: number }>`SELECT reltuples::float8 AS rows FROM pg_class WHERE oid = ${table}::regclass`.execute(db)).rows[0]!.rows)

describe.skipIf(!onPostgres)('delivery statistics on PostgreSQL', () => {
  it('are refreshed by a write of many deliveries into a table the planner believes small, in the writer\'s transaction', async () => {
    const db = await openTestDatabase()
    opened.push(db)
    await syncSubscriptions(db, [{ id: 'hr' }])
    // This test's own database: autovacuum must not analyze in between.
    await sql`ALTER TABLE deliveries SET (autovacuum_enabled = false)`.execute(db)
    // A small write leaves it to autovacuum: never analyzed.
    await write(db, 0, 100)
    expect(await estimate(db)).toBe(-1)
    await write(db, 100, 2000)
    expect(await estimate(db)).toBe(2100)
    // Not a big write for a table of that size: the estimate stays.
    await write(db, 2100, 500)
    expect(await estimate(db)).toBe(2100)
  })
})

describe.skipIf(!onPostgres)('record statistics on PostgreSQL', () => {
  // Planned as empty, each read of 250 previous versions by id scanned every record of the entity.
  it("are refreshed by a large baseline's commit, so the next run's reads by id are planned for its size", async () => {
    const h = await createSyncHarness()
    await sql`ALTER TABLE records SET (autovacuum_enabled = false)`.execute(h.db)
    for (let n = 0; n < 200; n++) {
      put(h.source, 'employee', sampleEmployee('er-1', n))
      put(h.source, 'employment', sampleEmployment('er-1', n))
      put(h.source, 'wage', sampleWage('er-1', n))
    }
    expect(await estimate(h.db, 'records')).toBe(-1)
    expect((await h.sync()).status).toBe('succeeded')
    expect(await estimate(h.db, 'records')).toBe(600)
  })
})
