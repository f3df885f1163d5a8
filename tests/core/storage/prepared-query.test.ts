import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Db } from '../../../core/storage/open-database.js'
import { preparedQuery } from '../../../core/storage/prepared-query.js'
import { openTestDatabase } from '../../helpers/test-database.js'

let db: Db
beforeEach(async () => {
  db = await openTestDatabase()
  await db
    .insertInto('schema_migrations')
    .values(['a', 'b', 'c', 'd'].map((name, i) => ({ name: `zz_${name}`, applied_at: `2026-01-0${i + 1}` })))
    .execute()
})
afterEach(() => db.destroy())

describe('preparedQuery', () => {
  it('compiles once and runs with each call’s values in their places, constants kept', async () => {
    let builds = 0
    const after = preparedQuery((q, v: { from: string; limit: number }) => {
      builds++
      return q.selectFrom('schema_migrations').select('name').where('name', 'like', 'zz_%').where('applied_at', '>', v.from).orderBy('name').limit(v.limit)
    })
    expect((await after(db, { from: '2026-01-01', limit: 2 })).rows.map((r) => r.name)).toEqual(['zz_b', 'zz_c'])
    expect((await after(db, { from: '2026-01-03', limit: 5 })).rows.map((r) => r.name)).toEqual(['zz_d'])
    expect(builds).toBe(1)
  })

  it('runs inside a transaction and writes there', async () => {
    const rename = preparedQuery((q, v: { from: string; to: string }) => q.updateTable('schema_migrations').set({ name: v.to }).where('name', '=', v.from))
    await expect(
      db.transaction().execute(async (trx) => {
        await rename(trx, { from: 'zz_a', to: 'zz_renamed' })
        throw new Error('roll back')
      }),
    ).rejects.toThrow('roll back')
    expect(await db.selectFrom('schema_migrations').select('name').where('name', '=', 'zz_a').executeTakeFirst()).toEqual({ name: 'zz_a' })
    await db.transaction().execute((trx) => rename(trx, { from: 'zz_a', to: 'zz_renamed' }))
    expect(await db.selectFrom('schema_migrations').select('name').where('name', '=', 'zz_renamed').executeTakeFirst()).toEqual({ name: 'zz_renamed' })
  })

  it('refuses a placeholder that did not become a parameter', async () => {
    const broken = preparedQuery((q, v: { name: string }) => q.selectFrom('schema_migrations').select('name').where('name', '=', `${v.name}%`))
    await expect(broken(db, { name: 'zz_a' })).rejects.toThrow('name did not become a parameter')
  })
})
