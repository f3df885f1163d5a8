import { CompiledQuery, sql, type KyselyPlugin, type RootOperationNode } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordRoutes } from '../../../core/http/routes/records.js'
import { openDatabase, type Db } from '../../../core/storage/open-database.js'
import { selectRecordPage, type RecordPageQuery } from '../../../core/storage/records.js'

/** The SQL a call runs, compiled, so its plan can be asked for. */
function recorder(db: Db) {
  const nodes: RootOperationNode[] = []
  const plugin: KyselyPlugin = {
    transformQuery: (args) => { nodes.push(args.node); return args.node },
    transformResult: async (args) => args.result,
  }
  return { db: db.withPlugin(plugin), compiled: () => nodes.splice(0).map((node) => db.getExecutor().compileQuery(node, { queryId: '' } as never)) }
}

async function plan(db: Db, query: CompiledQuery): Promise<string[]> {
  const result = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${query.sql}`, [...query.parameters]))
  return result.rows.map((row) => row.detail)
}

const connections = ['acme', 'beta', 'gamma']
let db: Db

beforeAll(async () => {
  db = await openDatabase({ path: ':memory:' })
  // 3 connections × 2 employers × 600 employees and 300 employments each, ids not in insert order.
  await sql`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 3599)
    INSERT INTO records (connection_id, entity, id, employer_id, hash, data, updated_at)
    SELECT CASE i % 3 WHEN 0 THEN 'gamma' WHEN 1 THEN 'acme' ELSE 'beta' END, 'employee', printf('emp-%04d', (i * 7) % 3600),
      'er-' || (i % 2), 'h', json_object('n', (i * 7) % 3600, 'employer', 'er-' || (i % 2)), '2026-01-01T00:00:00.000Z'
    FROM n`.execute(db)
  await sql`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 899)
    INSERT INTO records (connection_id, entity, id, employer_id, hash, data, updated_at)
    SELECT CASE i % 3 WHEN 0 THEN 'gamma' WHEN 1 THEN 'acme' ELSE 'beta' END, 'employment', printf('emp-%04d-1', i), 'er-' || (i % 2), 'h', '{}', '2026-01-01T00:00:00.000Z'
    FROM n`.execute(db)
  await sql`ANALYZE`.execute(db)
})

afterAll(async () => {
  await db.destroy()
})

/** Every row a walk of `query` visits, page by page (cursor = the last row of the page). */
async function walk(query: Omit<RecordPageQuery, 'after' | 'limit'>, limit: number): Promise<string[]> {
  const seen: string[] = []
  let after: RecordPageQuery['after']
  for (;;) {
    const rows = await selectRecordPage(db, { ...query, after, limit })
    seen.push(...rows.map((row) => `${row.connection_id}/${row.id}`))
    if (rows.length < limit) return seen
    after = { connection: rows.at(-1)!.connection_id, id: rows.at(-1)!.id }
  }
}

async function expected(where: string): Promise<string[]> {
  const rows = await sql<{ key: string }>`SELECT connection_id || '/' || id AS key FROM records WHERE ${sql.raw(where)} ORDER BY connection_id, id`.execute(db)
  return rows.rows.map((row) => row.key)
}

describe('selectRecordPage', () => {
  it('walks every record of an entity once, in (connection, id) order, across connections', async () => {
    expect(await walk({ entity: 'employee' }, 250)).toEqual(await expected(`entity = 'employee'`))
    expect(await walk({ entity: 'employee', connection: 'beta' }, 250)).toEqual(await expected(`entity = 'employee' AND connection_id = 'beta'`))
    const employers = [{ connectionId: 'gamma', employerId: 'er-1' }, { connectionId: 'acme', employerId: 'er-1' }]
    expect(await walk({ entity: 'employee', employers }, 170)).toEqual(await expected(`entity = 'employee' AND employer_id = 'er-1' AND connection_id IN ('acme', 'gamma')`))
    expect(await walk({ entity: 'employee', connection: 'acme', employers: [employers[1]!] }, 170)).toEqual(await expected(`entity = 'employee' AND employer_id = 'er-1' AND connection_id = 'acme'`))
  })

  it('answers nothing after the last row, and nothing for a connection before the cursor', async () => {
    expect(await selectRecordPage(db, { entity: 'employee', after: { connection: 'gamma', id: 'emp-3599' }, limit: 10 })).toEqual([])
    expect(await selectRecordPage(db, { entity: 'employee', connection: 'acme', after: { connection: 'beta', id: 'emp-0000' }, limit: 10 })).toEqual([])
    const later = await selectRecordPage(db, { entity: 'employee', connection: 'gamma', after: { connection: 'beta', id: 'emp-9999' }, limit: 2 })
    expect(later.map((row) => row.id)).toEqual(['emp-0000', 'emp-0003'])
  })

  it('seeks on an index and never sorts in a temp B-tree, without a filter and with a connection', async () => {
    const { db: recorded, compiled } = recorder(db)
    const cases: { name: string; query: RecordPageQuery; index: RegExp }[] = [
      { name: 'first page', query: { entity: 'employee', limit: 1001 }, index: /records_paging \(entity=\?\)/ },
      { name: 'later page', query: { entity: 'employee', after: { connection: 'beta', id: 'emp-1000' }, limit: 1001 }, index: /records_paging \(entity=\? AND \(connection_id,id\)>\(\?,\?\)\)/ },
      { name: 'connection, first page', query: { entity: 'employee', connection: 'beta', limit: 1001 }, index: /USING (INDEX records_paging|PRIMARY KEY|INDEX sqlite_autoindex_records_1) \((entity=\? AND connection_id=\?|connection_id=\? AND entity=\?)\)/ },
      { name: 'connection, later page', query: { entity: 'employee', connection: 'beta', after: { connection: 'beta', id: 'emp-1000' }, limit: 1001 }, index: /\(.*connection_id=\?.* AND id>\?\)/ },
    ]
    for (const { name, query, index } of cases) {
      await selectRecordPage(recorded, query)
      const [statement] = compiled()
      const detail = (await plan(db, statement!)).join('\n')
      expect(detail, name).not.toMatch(/TEMP B-TREE/)
      expect(detail, name).toMatch(/^SEARCH records /)
      expect(detail, name).toMatch(index)
    }
  })
})

describe('GET /records/:entity', () => {
  const app = () => recordRoutes({ db, config: { connections: connections.map((id) => ({ id, employers: [] })) } })
  const get = async (query: string) => (await (await app().request(`/records/employee?${query}`)).json()) as { items: { n: number }[]; nextCursor: string | null }

  it('answers the stored records as JSON with a cursor that old clients still send', async () => {
    const first = await get('limit=2')
    expect(first.items).toEqual([{ n: 1, employer: 'er-1' }, { n: 4, employer: 'er-0' }])
    // The cursor format is unchanged: base64url of ["connection", "id"].
    expect(JSON.parse(Buffer.from(first.nextCursor!, 'base64url').toString())).toEqual(['acme', 'emp-0004'])
    const old = Buffer.from(JSON.stringify(['acme', 'emp-0004'])).toString('base64url')
    expect((await get(`limit=1&cursor=${old}`)).items).toEqual([{ n: 7, employer: 'er-1' }])
    expect(await get(`limit=5&cursor=${Buffer.from(JSON.stringify(['gamma', 'emp-3599'])).toString('base64url')}`)).toEqual({ items: [], nextCursor: null })
    const response = await app().request('/records/employee?limit=1')
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
  })
})
