/**
 * Benchmark: snapshot paging on PostgreSQL, as records-paging.ts on SQLite. N employee
 * records (two connections, plus a quarter as many records of another entity) in a fresh
 * database of the server at KOPPEL_BENCH_PG_URL, written with raw `pg` (`INSERT … SELECT FROM
 * unnest(…)` per 1,000 rows in one transaction, then ANALYZE); then
 * `GET /records/employee?limit=1000` served by the records route in process: p50 of the
 * first page and of the last page (reached with the cursor of the page before it), the same
 * for `connection=`, and a full walk with the `next` cursor. The floor is the last page read
 * by a raw prepared `pg` statement of the route's query (`selectRecordPage`: a row-value seek
 * on `records_paging`) and parsed as the client parses it. Prints one JSON line.
 */
import pg from 'pg'
import { limitHeapGrowth } from '../core/heap-growth.js'
import { openDatabase } from '../core/storage/open-database.js'
import { benchPostgresDatabase } from './bench-postgres-database.js'
import { p50, pagingRecord, routePages } from './records-route-pages.js'

limitHeapGrowth() // as gateway.ts does: the process measured is the gateway's

const count = Number(process.argv[2] ?? 400_000)
const limit = 1000
const samples = 15
const database = await benchPostgresDatabase()

try {
  await (await openDatabase({ driver: 'postgres', url: database.url, poolSize: 5 })).destroy()

  // The data goes in with raw statements (this benchmark is about reading it back).
  const raw = new pg.Client({ connectionString: database.url })
  await raw.connect()
  const now = new Date().toISOString()
  type Row = [connection: string, entity: string, id: string, employer: string, data: string]
  const insert = (rows: Row[]) => raw.query(
    `INSERT INTO records (connection_id, entity, id, employer_id, hash, data, updated_at)
     SELECT connection_id, entity, id, employer_id, 'h', data, $6 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS v(connection_id, entity, id, employer_id, data)`,
    [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => r[3]), rows.map((r) => r[4]), now],
  )
  await raw.query('BEGIN')
  let chunk: Row[] = []
  // Interleaved ids and connections, so the primary key's order is not the insert order.
  for (let i = 0; i < count; i++) {
    const connection = i % 2 === 0 ? 'acme-loket' : 'beta-loket'
    const id = `emp-${String((i * 7919) % count).padStart(7, '0')}`
    chunk.push([connection, 'employee', id, `er-${i % 10}`, pagingRecord(id, i)])
    if (i % 4 === 0) chunk.push([connection, 'employment', `emp-${i}-1`, `er-${i % 10}`, '{}'])
    if (chunk.length >= 1000) {
      await insert(chunk)
      chunk = []
    }
  }
  if (chunk.length > 0) await insert(chunk)
  await raw.query('COMMIT')
  await raw.query('ANALYZE records')

  const db = await openDatabase({ driver: 'postgres', url: database.url, poolSize: 5 })
  const { walk, firstAndLast } = routePages(db, { limit, samples })

  const all = await walk('')
  if (all.seen !== count) throw new Error(`walk saw ${all.seen} of ${count} records`)
  const unfiltered = await firstAndLast('', all.lastCursor)
  const one = await walk('&connection=acme-loket')
  const filtered = await firstAndLast('&connection=acme-loket', one.lastCursor)
  await db.destroy()

  // The floor: the last page's rows read by a raw prepared statement (the route's query), and
  // the answer made of them, with no HTTP route or query builder in between.
  const [lastConnection, lastId] = JSON.parse(Buffer.from(all.lastCursor ?? '', 'base64url').toString() || '["",""]') as [string, string]
  const lastPage = {
    name: 'bench_last_page',
    text: 'SELECT connection_id, id, data FROM records WHERE entity = $1 AND (connection_id, id) > ($2, $3) ORDER BY connection_id, id LIMIT $4',
    values: ['employee', lastConnection, lastId, limit + 1],
  }
  const floor: number[] = []
  for (let i = 0; i < samples; i++) {
    const started = performance.now()
    const { rows } = await raw.query<{ data: string }>(lastPage)
    JSON.parse(`[${rows.map((row) => row.data).join(',')}]`)
    floor.push(performance.now() - started)
  }
  await raw.end()

  process.stdout.write(`${JSON.stringify({
    name: 'records paging on PostgreSQL', records: count, limit, samples, ...unfiltered, floorMs: p50(floor), walkMs: all.ms, pages: all.pages,
    connectionFirstPageMs: filtered.firstPageMs, connectionLastPageMs: filtered.lastPageMs, connectionWalkMs: one.ms,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  })}\n`)
} finally {
  await database.drop()
}
