import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { storageDialect } from '../../../core/storage/dialect.js'
import { isDatabaseReady, migrate, migrationLock, type Db } from '../../../core/storage/open-database.js'
import { migrations } from '../../../core/storage/migrations.js'
import { freshPostgresUrl, onPostgres, openStorage, openTestDatabase, testDialect, testStorage } from '../../helpers/test-database.js'

/**
 * The storage layer's promises, on whichever dialect the run selects (`npm test` on SQLite,
 * `npm run test:pg` on PostgreSQL). The concurrency cases of several processes (claims,
 * runs, feed paging, token refresh) have their own describes.
 */
const opened: Db[] = []
const track = (db: Db) => (opened.push(db), db)

afterEach(async () => {
  for (const db of opened.splice(0)) await db.destroy()
})

describe(`storage on ${testDialect}`, () => {
  it('speaks the dialect the run selected', async () => {
    const db = track(await openTestDatabase())
    expect(storageDialect(db)).toBe(testDialect)
  })

  it('opens a migrated database twice; migrating again changes nothing', async () => {
    const storage = await testStorage()
    if (storage.driver === 'sqlite') return // :memory: is one database per connection
    const first = track(await openStorage(storage))
    const second = track(await openStorage(storage))
    expect(await isDatabaseReady(first)).toBe(true)
    expect(await isDatabaseReady(second)).toBe(true)
    expect(await migrate(second)).toEqual([])
    const rows = await first.selectFrom('schema_migrations').select('name').orderBy('name').execute()
    expect(rows.map((row) => row.name)).toEqual(migrations.map((m) => m.name))
  })

  it('migrates idempotently', async () => {
    const db = track(await openTestDatabase())
    expect(await migrate(db)).toEqual([])
    expect(await isDatabaseReady(db)).toBe(true)
  })

  it('hands back sequences, ids and counts as numbers', async () => {
    const db = track(await openTestDatabase())
    const now = new Date().toISOString()
    const inserted = await db.insertInto('events')
      .values([1, 2, 3].map((n) => ({ id: `evt_${n}`, type: 'sync.succeeded', connection_id: null, data: '{}', created_at: now })))
      .returning('sequence').execute()
    expect(inserted.map((row) => typeof row.sequence)).toEqual(['number', 'number', 'number'])
    const max = await db.selectFrom('events').select((eb) => [eb.fn.max('sequence').as('max'), eb.fn.countAll<number>().as('count')]).executeTakeFirstOrThrow()
    expect(max).toEqual({ max: Math.max(...inserted.map((row) => row.sequence)), count: 3 })
    const sum = await db.selectFrom('events').select((eb) => eb.fn.sum<number>('sequence').as('sum')).executeTakeFirstOrThrow()
    expect(typeof sum.sum).toBe('number')
  })

  it('sorts text by code point, as JavaScript compares strings', async () => {
    const db = track(await openTestDatabase())
    const ids = ['b', 'B', 'a-1', 'a_1', 'a1', 'Z', 'é', '0']
    await db.insertInto('subscriptions').values(ids.map((id) => ({ id, status: 'enabled', disabled_reason: null, disabled_at: null, updated_at: 'x' }))).execute()
    const rows = await db.selectFrom('subscriptions').select('id').orderBy('id').execute()
    expect(rows.map((row) => row.id)).toEqual([...ids].sort())
  })
})

describe.runIf(onPostgres)('migrations under a lock (PostgreSQL)', () => {
  it('two replicas opening a fresh database at once migrate it once', async () => {
    const storage = { driver: 'postgres' as const, url: await freshPostgresUrl({ empty: true }), pool_size: 2 }
    const [a, b] = await Promise.all([openStorage(storage), openStorage(storage)])
    track(a)
    track(b)
    const rows = await a.selectFrom('schema_migrations').select('name').execute()
    expect(rows.map((row) => row.name).sort()).toEqual(migrations.map((m) => m.name).sort())
    expect(await isDatabaseReady(b)).toBe(true)
  })

  it('a second migrator waits for the lock the first one holds', async () => {
    const db = track(await openTestDatabase())
    const order: string[] = []
    let waiting: Promise<unknown> | undefined
    await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${migrationLock})`.execute(trx)
      waiting = migrate(db).then(() => order.push('migrated'))
      await new Promise((resolve) => setTimeout(resolve, 300))
      order.push('released')
    })
    await waiting
    expect(order).toEqual(['released', 'migrated'])
  })

  it('runs queries on two pool connections at once', async () => {
    const db = track(await openTestDatabase())
    const pid = async (on: Db) => (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(on)).rows[0]!.pid
    await db.transaction().execute(async (trx) => {
      expect(await pid(db)).not.toBe(await pid(trx)) // the pool serves a second connection while trx holds one
    })
  })
})
