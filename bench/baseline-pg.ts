/**
 * Benchmark: first sync (baseline) on PostgreSQL of `employees` employees (4 records each)
 * into a fresh database of the server at KOPPEL_BENCH_PG_URL, against the floor: raw `pg`
 * into the same `records` table of another fresh database with the same migrations, every
 * row's canonical JSON and hash made beforehand (for free), one `INSERT … SELECT FROM
 * unnest(…)` per 1,000 rows in one transaction. The run's figure is the whole run minus the
 * time the synthetic source spends making records. Prints one JSON line.
 */
import pg from 'pg'
import { limitHeapGrowth } from '../core/heap-growth.js'
import { openDatabase } from '../core/storage/open-database.js'
import { benchPostgresDatabase } from './bench-postgres-database.js'
import { benchRunner } from './bench-runner.js'
import { floorRows, syntheticConnector } from './synthetic-connector.js'

limitHeapGrowth() // as gateway.ts does: the process measured is the gateway's

const employees = Number(process.argv[2] ?? 100_000)

/** Bytes of `records` with its indexes and of the whole database. */
async function sizes(client: pg.Client): Promise<{ dataBytes: number; databaseBytes: number }> {
  const { rows } = await client.query<{ data: string; database: string }>(`SELECT pg_total_relation_size('records') AS data, pg_database_size(current_database()) AS database`)
  return { dataBytes: Number(rows[0]!.data), databaseBytes: Number(rows[0]!.database) }
}

const database = await benchPostgresDatabase()
const floorDatabase = await benchPostgresDatabase()
try {
  // Koppel: a baseline through the sync runner.
  const db = await openDatabase({ driver: 'postgres', url: database.url, poolSize: 5 })
  const { connector, state } = syntheticConnector({ employees })
  const { ms: runMs } = await (await benchRunner(db, connector)).run()
  const ms = runMs - state.sourceMs
  const stored = Number((await db.selectFrom('records').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
  await db.destroy()
  const peakRssMb = process.resourceUsage().maxRSS / 1024
  const check = new pg.Client({ connectionString: database.url })
  await check.connect()
  const koppel = await sizes(check)
  await check.end()

  // The floor: the same rows, made beforehand, inserted raw into a fresh database.
  await (await openDatabase({ driver: 'postgres', url: floorDatabase.url, poolSize: 1 })).destroy()
  const rows = floorRows(employees)
  const raw = new pg.Client({ connectionString: floorDatabase.url })
  await raw.connect()
  const floorStarted = performance.now()
  await raw.query('BEGIN')
  const now = new Date().toISOString()
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000)
    await raw.query(
      `INSERT INTO records (connection_id, entity, id, employer_id, hash, data, updated_at)
       SELECT 'bench', v.entity, v.id, 'er-1', v.hash, v.data, $1 FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS v(entity, id, hash, data)`,
      [now, chunk.map((r) => r[0]), chunk.map((r) => r[1]), chunk.map((r) => r[2]), chunk.map((r) => r[3])],
    )
  }
  await raw.query('COMMIT')
  const floorMs = performance.now() - floorStarted
  const floor = await sizes(raw)
  await raw.end()

  process.stdout.write(`${JSON.stringify({
    name: 'baseline on PostgreSQL', employees, records: stored, ms, runMs, sourceMs: state.sourceMs, recordsPerSecond: stored / (ms / 1000),
    floorMs, ratio: ms / floorMs, dataBytes: koppel.dataBytes, databaseBytes: koppel.databaseBytes,
    floorDataBytes: floor.dataBytes, floorDatabaseBytes: floor.databaseBytes, peakRssMb,
  })}\n`)
} finally {
  await database.drop()
  await floorDatabase.drop()
}
