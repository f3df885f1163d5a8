import { CompiledQuery, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stagedChunk } from '../../../core/sync/apply-staged.js'
import type { Db } from '../../../core/storage/open-database.js'
import { onPostgres, openTestDatabase } from '../../helpers/test-database.js'

let db: Db
beforeAll(async () => {
  db = await openTestDatabase()
  // 200k staged rows of one run (from about this size PostgreSQL without statistics chose to
  // read the entity through (entity, id) and sort it for every chunk), four entities interleaved as a fetch stages them, and no
  // statistics on the table (it is empty between runs; autovacuum may not have looked yet).
  const series = onPostgres ? sql`SELECT generate_series(0, 199999) AS i` : sql`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 199999) SELECT i FROM n`
  await sql`INSERT INTO staged_records (run_id, employer_id, position, entity, id, hash, data, existed)
    SELECT 'run_1', 'er-1', i, CASE i % 4 WHEN 0 THEN 'employee' WHEN 1 THEN 'employment' WHEN 2 THEN 'working_hours' ELSE 'wage' END,
      'r-' || i, 'h', '{}', 1 FROM (${series}) AS s`.execute(db)
})
afterAll(async () => {
  await db.destroy()
})

async function plan(query: CompiledQuery): Promise<string> {
  const explain = onPostgres ? 'EXPLAIN' : 'EXPLAIN QUERY PLAN'
  const result = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(`${explain} ${query.sql}`, [...query.parameters]))
  return result.rows.map((row) => String(row['QUERY PLAN'] ?? row.detail)).join('\n')
}

describe("an employer's commit reading its staged rows", () => {
  it('seeks each chunk on staged_records_apply in position order, without sorting the entity', async () => {
    const text = await plan(stagedChunk(db, { runId: 'run_1', employerId: 'er-1', entity: 'employment', after: 20_001, limit: 250 }).compile())
    expect(text).toContain('staged_records_apply')
    expect(text).not.toMatch(/Sort|TEMP B-TREE/)
  })

  it('reads the chunk after the cursor, in fetch order', async () => {
    const rows = await stagedChunk(db, { runId: 'run_1', employerId: 'er-1', entity: 'wage', after: 20_001, limit: 3 }).execute()
    expect(rows.map((row) => Number(row.position))).toEqual([20_003, 20_007, 20_011])
  })
})
