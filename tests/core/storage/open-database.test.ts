import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { migrations } from '../../../core/storage/migrations.js'
import { isDatabaseReady, migrate, openDatabase } from '../../../core/storage/open-database.js'
import { openTestDatabase } from '../../helpers/test-database.js'

const dir = mkdtempSync(join(tmpdir(), 'koppel-storage-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('openDatabase', () => {
  it('applies every migration once on a new file, keeps data on reopen, and is idempotent', async () => {
    mkdirSync(join(dir, 'nested')) // the gateway never creates the directory
    const path = join(dir, 'nested', 'koppel.db')
    const db = await openDatabase({ path })
    expect(await isDatabaseReady(db)).toBe(true)
    const applied = await db.selectFrom('schema_migrations').select('name').orderBy('name').execute()
    expect(applied.map((row) => row.name)).toEqual(migrations.map((m) => m.name))
    await db.insertInto('connections').values({ id: 'acme', connector: 'loket', status: 'ready', credentials: null, token_expires_at: null, created_at: 'now', updated_at: 'now' }).execute()
    expect(await migrate(db)).toEqual([])
    await db.destroy()

    const reopened = await openDatabase({ path })
    expect((await reopened.selectFrom('connections').select('id').execute()).map((r) => r.id)).toEqual(['acme'])
    const pragmas = await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(reopened)
    expect(pragmas.rows[0]?.journal_mode).toBe('wal')
    const foreignKeys = await sql<{ foreign_keys: number }>`PRAGMA foreign_keys`.execute(reopened)
    expect(foreignKeys.rows[0]?.foreign_keys).toBe(1)
    await reopened.destroy()
  })

  it('is not ready when a migration is missing', async () => {
    const db = await openTestDatabase()
    await db.deleteFrom('schema_migrations').where('name', '=', migrations.at(-1)!.name).execute()
    expect(await isDatabaseReady(db)).toBe(false)
    await db.destroy()
  })

  it('mutation sequences only grow, also after rows are gone', async () => {
    const db = await openTestDatabase()
    const row = (id: string) => ({
      id, connection_id: 'c', connector: 'x', employer_id: 'e', entity: 'employee', record_id: id, operation: 'created' as const,
      run_id: 'r', changes: '[]', record: '{}', previous: null, created_at: 'now',
    })
    const first = await db.insertInto('mutations').values(row('mut_a')).returning('sequence').executeTakeFirstOrThrow()
    await db.deleteFrom('mutations').execute()
    const second = await db.insertInto('mutations').values(row('mut_b')).returning('sequence').executeTakeFirstOrThrow()
    expect(second.sequence).toBeGreaterThan(first.sequence)
    await db.destroy()
  })
})
