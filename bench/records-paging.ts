/**
 * Benchmark 5: snapshot paging. `GET /api/records/employee?limit=1000` without `connection=`
 * over N employee records (two connections, plus a quarter as many records of another
 * entity), served by the records route in process: p50 of the first page and of the last
 * page (reached with the cursor of the page before it), the same for `connection=`, and a
 * full walk with the `next` cursor; the floor is the last page read by a raw prepared
 * statement and parsed as the client parses it. A page costs the same at the start and the end when the
 * query seeks on an index; a sort per page makes the walk quadratic. Prints one JSON line.
 */
import SQLite from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { limitHeapGrowth } from '../core/heap-growth.js'
import { openDatabase } from '../core/storage/open-database.js'
import { p50, pagingRecord, routePages } from './records-route-pages.js'

limitHeapGrowth() // as gateway.ts does: the process measured is the gateway's

const count = Number(process.argv[2] ?? 400_000)
/** `records-paging.ts 400000 pages`: first and last pages only, no full walks (a quadratic walk of an old commit takes long). */
const pagesOnly = process.argv[3] === 'pages'
const limit = 1000
const samples = 15
const dir = mkdtempSync(join(tmpdir(), 'koppel-bench-'))
const path = join(dir, 'bench.db')
await (await openDatabase({ path })).destroy()

// The data goes in with raw statements (this benchmark is about reading it back).
const raw = new SQLite(path)
const insert = raw.prepare('INSERT INTO records (connection_id, entity, id, employer_id, hash, data, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
const now = new Date().toISOString()
raw.transaction(() => {
  // Interleaved ids and connections, so the primary key's order is not the insert order.
  for (let i = 0; i < count; i++) {
    const connection = i % 2 === 0 ? 'acme-loket' : 'beta-loket'
    const id = `emp-${String((i * 7919) % count).padStart(7, '0')}`
    insert.run(connection, 'employee', id, `er-${i % 10}`, 'h', pagingRecord(id, i), now)
    if (i % 4 === 0) insert.run(connection, 'employment', `emp-${i}-1`, `er-${i % 10}`, 'h', '{}', now)
  }
})()
raw.pragma('wal_checkpoint(TRUNCATE)')
raw.exec('ANALYZE')
raw.close()

const db = await openDatabase({ path })
const { walk, firstAndLast } = routePages(db, { limit, samples })

/** The cursor a walk would send for the last page, read with one query instead of a walk. */
function lastPageCursor(connection?: string): string | null {
  const reader = new SQLite(path, { readonly: true })
  const total = (reader.prepare(`SELECT count(*) AS n FROM records WHERE entity = 'employee'${connection ? ' AND connection_id = ?' : ''}`).get(...(connection ? [connection] : [])) as { n: number }).n
  const offset = (Math.ceil(total / limit) - 1) * limit - 1
  const row = offset < 0 ? undefined : (reader.prepare(`SELECT connection_id, id FROM records WHERE entity = 'employee'${connection ? ' AND connection_id = ?' : ''} ORDER BY connection_id, id LIMIT 1 OFFSET ?`)
    .get(...(connection ? [connection] : []), offset) as { connection_id: string; id: string } | undefined)
  reader.close()
  return row ? Buffer.from(JSON.stringify([row.connection_id, row.id])).toString('base64url') : null
}

const skipped = { ms: NaN, seen: count, pages: Math.ceil(count / limit) }
const all = pagesOnly ? { ...skipped, lastCursor: lastPageCursor() } : await walk('')
if (all.seen !== count) throw new Error(`walk saw ${all.seen} of ${count} records`)
const unfiltered = await firstAndLast('', all.lastCursor)
const one = pagesOnly ? { ...skipped, lastCursor: lastPageCursor('acme-loket') } : await walk('&connection=acme-loket')
const filtered = await firstAndLast('&connection=acme-loket', one.lastCursor)

// The floor: the last page's rows read by a raw prepared statement (the same seek), and the
// answer made of them, with no HTTP route or query builder in between.
const [lastConnection, lastId] = JSON.parse(Buffer.from(all.lastCursor ?? '', 'base64url').toString() || '["",""]') as [string, string]
const reader = new SQLite(path, { readonly: true })
const lastPage = reader.prepare('SELECT connection_id, id, data FROM records WHERE entity = ? AND (connection_id, id) > (?, ?) ORDER BY connection_id, id LIMIT ?')
const floor: number[] = []
for (let i = 0; i < samples; i++) {
  const started = performance.now()
  const rows = lastPage.all('employee', lastConnection, lastId, limit + 1) as { data: string }[]
  JSON.parse(`[${rows.map((row) => row.data).join(',')}]`)
  floor.push(performance.now() - started)
}
reader.close()
await db.destroy()
rmSync(dir, { recursive: true, force: true })

process.stdout.write(`${JSON.stringify({
  name: 'records paging', records: count, limit, samples, ...unfiltered, floorMs: p50(floor), walkMs: all.ms, pages: all.pages,
  connectionFirstPageMs: filtered.firstPageMs, connectionLastPageMs: filtered.lastPageMs, connectionWalkMs: one.ms,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
})}\n`)
