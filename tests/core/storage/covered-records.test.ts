import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { coveredLookups, coveredRecordIds } from '../../../core/storage/covered-records.js'
import type { Db } from '../../../core/storage/open-database.js'
import { openTestDatabase } from '../../helpers/test-database.js'

let db: Db

const stored: Array<{ id: string; employerId: string; data: Record<string, unknown> }> = [
  { id: 'a', employerId: 'er-1', data: { administration: 'pa-1', year: 2026, periodNumber: 1, final: true } },
  { id: 'b', employerId: 'er-1', data: { administration: 'pa-1', year: 2026, periodNumber: 2, final: false } },
  { id: 'c', employerId: 'er-1', data: { administration: 'pa-2', year: 2026, periodNumber: 1, final: true } },
  { id: 'd', employerId: 'er-1', data: { administration: 'pa-1', year: '2026', periodNumber: 1, final: null } },
  { id: 'e', employerId: 'er-1', data: { administration: 'pa-1', year: 2026 } },
  { id: 'f', employerId: 'er-2', data: { administration: 'pa-1', year: 2026, periodNumber: 1, final: true } },
  { id: 'g', employerId: 'er-1', data: { 'odd "key"': 'x' } },
]

beforeAll(async () => {
  db = await openTestDatabase()
  await db.insertInto('records').values(stored.map((record) => ({
    connection_id: 'acme', entity: 'payroll_result', id: record.id, employer_id: record.employerId, hash: 'h', data: JSON.stringify(record.data), updated_at: '2026-12-01T00:00:00.000Z',
  }))).execute()
  // Another entity and another connection with the same values are never found.
  await db.insertInto('records').values([
    { connection_id: 'acme', entity: 'wage', id: 'w', employer_id: 'er-1', hash: 'h', data: JSON.stringify(stored[0]!.data), updated_at: '2026-12-01T00:00:00.000Z' },
    { connection_id: 'beta', entity: 'payroll_result', id: 'a', employer_id: 'er-1', hash: 'h', data: JSON.stringify(stored[0]!.data), updated_at: '2026-12-01T00:00:00.000Z' },
  ]).execute()
})
afterAll(async () => {
  await db?.destroy()
})

const find = async (fields: string[], tuples: Array<Array<string | number | boolean | null>>) =>
  (await coveredRecordIds(db, { connectionId: 'acme', employerId: 'er-1', entity: 'payroll_result', fields, tuples })).sort()

describe('coveredRecordIds: the database finds the records a complete read claims', () => {
  it('matches every field of a tuple, within one connection, employer and entity', async () => {
    expect(await find(['administration', 'periodNumber', 'year'], [['pa-1', 1, 2026]])).toContain('a')
    expect(await find(['administration', 'periodNumber', 'year'], [['pa-1', 1, 2026]])).not.toContain('c')
    expect(await find(['administration', 'periodNumber', 'year'], [['pa-1', 1, 2026], ['pa-2', 1, 2026]])).toEqual(expect.arrayContaining(['a', 'c']))
    expect(await find(['administration', 'periodNumber', 'year'], [['pa-1', 3, 2026]])).toEqual([])
  })

  it('finds null and missing fields by null, booleans by their value, and odd keys', async () => {
    expect(await find(['administration', 'periodNumber'], [['pa-1', null]])).toEqual(['e'])
    expect(await find(['final'], [[null]])).toEqual(['d', 'e', 'g'])
    expect(await find(['final'], [[true]])).toEqual(['a', 'c'])
    expect(await find(['final'], [[false]])).toEqual(['b'])
    expect(await find(['odd "key"'], [['x']])).toEqual(['g'])
  })

  it('is a narrowing: it never misses a record whose value equals the claim (a string that looks like a number may come along)', async () => {
    // On PostgreSQL values compare as text: 2026 and "2026" both come back; the caller tests
    // the exact claim on what it finds (core/sync/infer-deletes.ts).
    const found = await find(['year'], [[2026]])
    expect(found).toEqual(expect.arrayContaining(['a', 'b', 'c', 'e']))
    expect(found).not.toContain('g')
  })

  it('a claim on no fields covers every record of the entity', async () => {
    expect(await find([], [[]])).toEqual(['a', 'b', 'c', 'd', 'e', 'g'])
    expect(await find([], [])).toEqual([])
  })

  it('splits many tuples over several statements and finds them all', async () => {
    let count = 1
    while (coveredLookups(3, count) < 3) count++
    const tuples = Array.from({ length: count }, (_, n) => ['pa-1', n, 2026] as Array<string | number | null>)
    tuples.push(['pa-1', null, 2026], ['pa-1', null, null])
    const found = await find(['administration', 'periodNumber', 'year'], tuples)
    // 'd' (year "2026") comes along on PostgreSQL only, as above; 'e' has no period (null).
    expect(found.filter((id) => id !== 'd')).toEqual(['a', 'b', 'e'])
  })
})
