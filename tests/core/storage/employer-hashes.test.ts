import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Db, StorageBlock } from '../../../core/storage/open-database.js'
import { loadEmployerHashes } from '../../../core/storage/records.js'
import { contentHash } from '../../../core/sync/canonical-json.js'
import { openStorage, testDialect, testStorage } from '../../helpers/test-database.js'

let db: Db
let storage: StorageBlock
beforeEach(async () => {
  storage = await testStorage()
  db = await openStorage(storage)
})
afterEach(async () => {
  await db.destroy()
})

type Row = { connection_id: string; employer_id: string; entity: string; id: string; hash: string }

async function store(rows: Row[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db.insertInto('records').values(rows.slice(i, i + 500).map((row) => ({ ...row, data: '{}', updated_at: '2026-01-01T00:00:00.000Z' }))).execute()
  }
}

describe(`loadEmployerHashes (${testDialect})`, () => {
  it('loads every stored hash of the employer, per entity, across chunks, and nothing of other employers or connections', async () => {
    // More rows than one chunk of either dialect's reader (5,000 keyset rows; 20,000 per cursor fetch), interleaved with others'.
    const rows: Row[] = []
    for (let i = 0; i < 21_000; i++) {
      const id = `e-${(i * 7919) % 21_000}`
      rows.push({ connection_id: 'acme', employer_id: 'er-1', entity: i % 3 === 0 ? 'employment' : 'employee', id, hash: contentHash(`v1 ${id}`) })
      if (i % 10 === 0) rows.push({ connection_id: 'acme', employer_id: 'er-2', entity: 'employee', id: `other-${i}`, hash: contentHash(`x ${i}`) })
      if (i % 10 === 5) rows.push({ connection_id: 'beta', employer_id: 'er-1', entity: 'employee', id: `beta-${i}`, hash: contentHash(`y ${i}`) })
    }
    await store(rows)

    // On PostgreSQL the count runs beside the copy on a second connection; with a pool of one, before it on the same.
    const single = storage.driver === 'postgres' ? await openStorage({ ...storage, pool_size: 1 }) : undefined
    for (const hashes of [await loadEmployerHashes(db, 'acme', 'er-1'), ...(single ? [await loadEmployerHashes(single, 'acme', 'er-1')] : [])]) {
      expect([...hashes.keys()].sort()).toEqual(['employee', 'employment'])
      expect(hashes.get('employee')!.size).toBe(14_000)
      expect(hashes.get('employment')!.size).toBe(7_000)
      for (const row of rows) {
        const table = hashes.get(row.entity)!
        const slot = table.find(row.id)
        if (row.connection_id !== 'acme' || row.employer_id !== 'er-1') {
          expect(slot, `${row.connection_id}/${row.employer_id}/${row.id}`).toBe(-1)
          continue
        }
        expect(slot).not.toBe(-1)
        expect(table.hashEquals(slot, row.hash)).toBe(true)
        expect(table.hashEquals(slot, contentHash(`v2 ${row.id}`))).toBe(false)
      }
    }
    await single?.destroy()
  })

  it('gives an empty map for an employer with nothing stored, inside a transaction as well', async () => {
    await store([{ connection_id: 'acme', employer_id: 'er-2', entity: 'employee', id: 'e-1', hash: contentHash('a') }])
    expect((await loadEmployerHashes(db, 'acme', 'er-1')).size).toBe(0)
    const inTransaction = await db.transaction().execute((trx) => loadEmployerHashes(trx, 'acme', 'er-2'))
    expect(inTransaction.get('employee')?.size).toBe(1)
  })

  it('keeps ids COPY escapes or encodes (tab, newline, backslash, UTF-8) and never matches a stored hash of another format, outside and inside a transaction', async () => {
    const ids = ['plain-1', 'tab\there', 'line\nbreak', 'cr\rx', 'back\\slash', '\\N', 'é-1', '日本-2', 'emoji-😀', 'bell\u0007', ' spaced ']
    await store([
      ...ids.map((id) => ({ connection_id: 'acme', employer_id: 'er-1', entity: 'employee', id, hash: contentHash(id) })),
      { connection_id: 'acme', employer_id: 'er-1', entity: 'wage', id: 'old', hash: 'sha1:0123456789abcdef' },
      { connection_id: 'acme', employer_id: 'er-1', entity: 'wage', id: 'short', hash: contentHash('x').slice(0, 21) },
    ])
    for (const hashes of [await loadEmployerHashes(db, 'acme', 'er-1'), await db.transaction().execute((trx) => loadEmployerHashes(trx, 'acme', 'er-1'))]) {
      const employees = hashes.get('employee')!
      expect(employees.size).toBe(ids.length)
      expect(ids.filter((id) => { const slot = employees.find(id); return slot === -1 || !employees.hashEquals(slot, contentHash(id)) })).toEqual([])
      expect([...employees.unseen()].sort()).toEqual([...ids].sort())
      const wages = hashes.get('wage')!
      expect(wages.hashEquals(wages.find('old'), 'sha1:0123456789abcdef')).toBe(false)
      expect(wages.hashEquals(wages.find('short'), contentHash('x').slice(0, 21))).toBe(false)
    }
  })
})
