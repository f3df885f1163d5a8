import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { saveTokens, loadTokens } from '../../../core/auth/token-store.js'
import { createVault, generateEncryptionKey } from '../../../core/auth/vault.js'
import { backupDatabase } from '../../../core/storage/backup-database.js'
import { migrate, openDatabase, type Db } from '../../../core/storage/open-database.js'
import { onPostgres } from '../../helpers/test-database.js'

const repoRoot = resolve(import.meta.dirname, '../../..')
const dir = mkdtempSync(join(tmpdir(), 'koppel-backup-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const key = generateEncryptionKey()
const tokens = { accessToken: 'access-secret-1', refreshToken: 'refresh-secret-1', expiresAt: '2026-06-01T12:00:00.000Z' }

async function seed(db: Db): Promise<void> {
  await saveTokens(db, createVault(key), { id: 'acme-loket', connector: 'loket' }, tokens)
  for (let n = 0; n < 20; n++) {
    await db.insertInto('records').values({ connection_id: 'acme', entity: 'employee', id: `e-${n}`, employer_id: 'er-1', hash: `h${n}`, data: JSON.stringify({ id: `e-${n}` }), updated_at: '2026-01-01T00:00:00.000Z' }).execute()
    await db.insertInto('mutations').values({
      id: `mut_e${n}`, connection_id: 'acme', connector: 'fake', employer_id: 'er-1', entity: 'employee', record_id: `e-${n}`, operation: 'created',
      run_id: 'run_1', changes: '[]', record: JSON.stringify({ id: `e-${n}` }), previous: null, created_at: '2026-01-01T00:00:00.000Z',
    }).execute()
  }
}

const snapshot = (db: Db) => db.selectFrom('records').select(['id', 'hash', 'data']).where('id', 'like', 'e-%').orderBy('id').execute()
const feed = (db: Db) => db.selectFrom('mutations').select(['sequence', 'id', 'record_id', 'record']).where('id', 'like', 'mut_e%').orderBy('sequence').execute()

// SQLite only (a copy of the SQLite file): skipped under npm run test:pg.
describe.skipIf(onPostgres)('backupDatabase', () => {
  it('copies a database that another process is writing to, consistently, and the copy restores with its tokens', async () => {
    const file = join(dir, 'koppel.db')
    const db = await openDatabase({ path: file })
    await seed(db)
    const writer = spawn(process.execPath, ['--import', 'tsx', 'tests/core/storage/backup-writer-child.ts', file], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'] })
    let output = ''
    writer.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    while (!output.includes('writing')) await once(writer.stdout!, 'data')
    const writtenBefore = Number((await db.selectFrom('mutations').select((eb) => eb.fn.countAll().as('n')).where('id', 'like', 'mut_w-%').executeTakeFirstOrThrow()).n)

    const target = join(dir, 'copy.db')
    const result = await backupDatabase(file, target)
    writer.stdin!.write('stop\n')
    await once(writer, 'exit')
    const written = Number(output.trim().split('\n').at(-1))
    expect(written).toBeGreaterThan(writtenBefore)

    expect(result.file).toBe(target)
    expect(statSync(target).mode & 0o777).toBe(0o600)
    expect(result.bytes).toBe(statSync(target).size)

    const copy = await openDatabase({ path: target })
    try {
      expect(await migrate(copy)).toEqual([]) // the real migrations find it complete
      expect((await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(copy)).rows).toEqual([{ integrity_check: 'ok' }])
      expect(await snapshot(copy)).toEqual(await snapshot(db))
      expect(await feed(copy)).toEqual(await feed(db))
      expect(await loadTokens(copy, createVault(key), 'acme-loket')).toEqual(tokens)
      await expect(loadTokens(copy, createVault(generateEncryptionKey()), 'acme-loket')).rejects.toMatchObject({ code: 'vault_decrypt_failed' })
      // One read snapshot: every record the writer committed has its mutation in the copy and the other way round.
      const records = (await copy.selectFrom('records').select('id').where('id', 'like', 'w-%').execute()).map((r) => r.id).sort()
      const mutations = (await copy.selectFrom('mutations').select('record_id').where('id', 'like', 'mut_w-%').execute()).map((r) => r.record_id).sort()
      expect(records.length).toBeGreaterThanOrEqual(writtenBefore)
      expect(records.length).toBeLessThanOrEqual(written)
      expect(mutations).toEqual(records)
    } finally {
      await copy.destroy()
      await db.destroy()
    }
  })

  it('never overwrites a file, and leaves nothing behind when it fails', async () => {
    const file = join(dir, 'small.db')
    const db = await openDatabase({ path: file })
    await db.destroy()
    const target = join(dir, 'small-copy.db')
    await backupDatabase(file, target)
    await expect(backupDatabase(file, target)).rejects.toMatchObject({ code: 'usage_invalid', message: expect.stringContaining('already exists') })
    await expect(backupDatabase(file, file)).rejects.toMatchObject({ code: 'usage_invalid' })
    await expect(backupDatabase(join(dir, 'missing.db'), join(dir, 'never.db'))).rejects.toMatchObject({ code: 'config_invalid' })
    expect(() => statSync(join(dir, 'never.db'))).toThrow()
  })
})
