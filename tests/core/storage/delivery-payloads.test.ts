import SQLite from 'better-sqlite3'
import { Kysely, SqliteDialect, sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import type { Database } from '../../../core/storage/database.js'
import { claimDeliveries, insertDeliveries, type NewDeliveryWithPayload } from '../../../core/storage/deliveries.js'
import { listDeliveries } from '../../../core/storage/list-deliveries.js'
import { migrations } from '../../../core/storage/migrations.js'
import { migrate, type Db } from '../../../core/storage/open-database.js'
import { openTestDatabase } from '../../helpers/test-database.js'

const now = '2026-03-01T10:00:00.000Z'
const opened: Db[] = []
afterEach(async () => {
  for (const db of opened.splice(0)) await db.destroy()
})

const columns = async (db: Db, table: string) => (await sql<{ name: string }>`SELECT name FROM pragma_table_info(${table})`.execute(db)).rows.map((r) => r.name)

/** A database with the migrations before `0004_delivery_payloads` applied, as a deployed one would be. */
async function openBefore0004(): Promise<Db> {
  const sqlite = new SQLite(':memory:')
  sqlite.pragma('foreign_keys = ON')
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
  opened.push(db)
  await sql`CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`.execute(db)
  const index = migrations.findIndex((m) => m.name === '0004_delivery_payloads')
  expect(index).toBeGreaterThan(0)
  for (const migration of migrations.slice(0, index)) {
    await migration.up(db)
    await db.insertInto('schema_migrations').values({ name: migration.name, applied_at: now }).execute()
  }
  return db
}

const delivery = (subscription: string, message: string, payload: string): NewDeliveryWithPayload => ({
  subscription_id: subscription, message_id: message, sequence: null, ordering_key: `acme/employee/${message}`, status: 'pending',
  payload, attempts: 0, next_attempt_at: now, last_error: null, created_at: now, finished_at: null,
})

describe('0004_delivery_payloads', () => {
  it('moves the payloads of existing deliveries to delivery_payloads and drops the column', async () => {
    const db = await openBefore0004()
    expect(await columns(db, 'deliveries')).toContain('payload')
    const legacy = sql.raw(`INSERT INTO deliveries (subscription_id, message_id, ordering_key, status, payload, next_attempt_at, created_at)
      VALUES ('hr', 'mut_a', 'k/a', 'delivered', '{"type":"employee.created","n":1}', '${now}', '${now}'),
             ('hr', 'mut_b', 'k/b', 'pending', '{"type":"employee.updated","n":2}', '${now}', '${now}'),
             ('fin', 'mut_a', 'k/a', 'failed', '{"type":"employee.created","n":3}', '${now}', '${now}')`)
    await legacy.execute(db)
    const before = (await db.selectFrom('deliveries').select(['id', 'subscription_id', 'message_id']).orderBy('id').execute())

    expect(await migrate(db)).toContain('0004_delivery_payloads')

    expect(await columns(db, 'deliveries')).not.toContain('payload')
    const moved = await db
      .selectFrom('deliveries')
      .innerJoin('delivery_payloads', 'delivery_payloads.delivery_id', 'deliveries.id')
      .select(['deliveries.id', 'subscription_id', 'message_id', 'payload'])
      .orderBy('deliveries.id')
      .execute()
    expect(moved.map(({ payload: _, ...row }) => row)).toEqual(before)
    expect(moved.map((row) => JSON.parse(row.payload).n)).toEqual([1, 2, 3])
    expect(await db.selectFrom('delivery_payloads').select('delivery_id').execute()).toHaveLength(3)
  })
})

describe('delivery payloads', () => {
  it('insertDeliveries and claimDeliveries give every delivery its own payload', async () => {
    const db = await openTestDatabase()
    opened.push(db)
    const subscriptions = ['hr', 'finance', 'audit']
    // More rows than one insert chunk (500), the same message ids for every subscription.
    const rows = Array.from({ length: 300 }, (_, m) => subscriptions.map((s) => delivery(s, `mut_${m}`, JSON.stringify({ type: 'employee.updated', to: s, m })))).flat()
    await db.transaction().execute((trx) => insertDeliveries(trx, rows))
    expect(await db.selectFrom('delivery_payloads').select('delivery_id').execute()).toHaveLength(rows.length)

    for (const subscription of subscriptions) {
      const claimed = await db.transaction().execute((trx) => claimDeliveries(trx, { subscriptionId: subscription, now, leaseUntil: '2026-03-01T10:05:00.000Z', limit: 1000 }))
      expect(claimed).toHaveLength(300)
      for (const row of claimed) {
        expect(row.subscription_id).toBe(subscription)
        expect(JSON.parse(row.payload)).toEqual({ type: 'employee.updated', to: subscription, m: Number(row.message_id.slice(4)) })
      }
    }
    const page = await listDeliveries(db, { subscriptionId: 'finance', limit: 5 })
    expect(page.rows.map((row) => JSON.parse(row.payload).to)).toEqual(Array(5).fill('finance'))
    expect(page.rows.map((row) => JSON.parse(row.payload).m)).toEqual([0, 1, 2, 3, 4])
  })

  it('refuses two deliveries of one message to one subscription in an insert, writing nothing', async () => {
    const db = await openTestDatabase()
    opened.push(db)
    const insert = db.transaction().execute((trx) => insertDeliveries(trx, [delivery('hr', 'mut_1', '{"a":1}'), delivery('hr', 'mut_1', '{"a":2}')]))
    await expect(insert).rejects.toMatchObject({ code: 'internal_error' })
    expect(await db.selectFrom('deliveries').select('id').execute()).toEqual([])
  })

  it('deletes a payload with its delivery', async () => {
    const db = await openTestDatabase()
    opened.push(db)
    await insertDeliveries(db, [delivery('hr', 'mut_1', '{"keep":false}'), delivery('hr', 'mut_2', '{"keep":true}')])
    await db.deleteFrom('deliveries').where('message_id', '=', 'mut_1').execute()
    expect(await db.selectFrom('delivery_payloads').select('payload').execute()).toEqual([{ payload: '{"keep":true}' }])
    await expect(db.insertInto('delivery_payloads').values({ delivery_id: 999, payload: '{}' }).execute()).rejects.toThrow(/foreign key/i)
  })
})
