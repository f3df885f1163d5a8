/**
 * Benchmark: diff + commit on PostgreSQL (issue 14). The same synthetic source and runs as
 * diff-commit.ts (a baseline, then a run with 1% of the records changed) on a fresh database
 * of the server at KOPPEL_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres),
 * against the floor: raw `pg` on the same database in one transaction, reading every stored
 * hash, comparing it with the incoming hash (computed beforehand, for free) and writing the
 * changed rows with one UPDATE … FROM unnest(…) per 1,000. Prints one JSON line.
 */
import pg from 'pg'
import { limitHeapGrowth } from '../core/heap-growth.js'
import { openDatabase } from '../core/storage/open-database.js'
import { floorRows } from './synthetic-connector.js'
import { syntheticSync } from './synthetic-sync.js'
import { benchPostgresDatabase } from './bench-postgres-database.js'

limitHeapGrowth() // as gateway.ts does: the process measured is the gateway's

const employees = Number(process.argv[2] ?? 100_000)
const database = await benchPostgresDatabase()

try {
  const db = await openDatabase({ driver: 'postgres', url: database.url, poolSize: 5 })
  const { state, sync } = await syntheticSync(db, { employees })
  const baseline = await sync()
  state.changedEvery = 100
  const resync = await sync()
  const peakRssMb = process.resourceUsage().maxRSS / 1024
  await db.destroy()

  // The floor, on the same database after our runs: the incoming set is the original version again.
  const incoming = floorRows(employees)
  const raw = new pg.Client({ connectionString: database.url })
  await raw.connect()
  const floorStarted = performance.now()
  await raw.query('BEGIN')
  const stored = new Map<string, string>()
  const rows = await raw.query<{ entity: string; id: string; hash: string }>('SELECT entity, id, hash FROM records WHERE connection_id = $1 AND employer_id = $2', ['bench', 'er-1'])
  for (const row of rows.rows) stored.set(`${row.entity}\u0000${row.id}`, row.hash)
  const changed = incoming.filter(([entity, id, hash]) => stored.get(`${entity}\u0000${id}`) !== hash)
  const now = new Date().toISOString()
  for (let i = 0; i < changed.length; i += 1000) {
    const chunk = changed.slice(i, i + 1000)
    await raw.query(
      `UPDATE records SET hash = v.hash, data = v.data, updated_at = $1
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS v(entity, id, hash, data)
       WHERE records.connection_id = 'bench' AND records.entity = v.entity AND records.id = v.id`,
      [now, chunk.map((c) => c[0]), chunk.map((c) => c[1]), chunk.map((c) => c[2]), chunk.map((c) => c[3])],
    )
  }
  await raw.query('COMMIT')
  const floorMs = performance.now() - floorStarted
  await raw.end()

  const recordCount = employees * 4
  process.stdout.write(`${JSON.stringify({
    name: 'diff+commit on PostgreSQL', employees, records: recordCount, baselineMs: baseline.ms, resyncMs: resync.ms, sourceMs: resync.sourceMs,
    diffMs: resync.diffMs, mutations: resync.mutations, floorMs, floorChanged: changed.length, recordsPerSecond: recordCount / (resync.diffMs / 1000),
    ratio: resync.diffMs / floorMs, peakRssMb,
  })}\n`)
} finally {
  await database.drop()
}
