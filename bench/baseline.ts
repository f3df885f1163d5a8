/**
 * Benchmark: first sync (baseline) of `employees` employees (4 records each) into an empty
 * file, against the floor: raw better-sqlite3, one prepared INSERT into the same `records`
 * table of a fresh file with the same migrations, every row's canonical JSON and hash made
 * beforehand (for free), in one transaction. The run's figure is the whole run minus the
 * time the synthetic source spends making records. Also the file against its data: the
 * database file's size after close (WAL checkpointed) and the bytes of the pages its tables
 * and indexes use (SQLite's `dbstat`), so free pages left behind show. Prints one JSON line.
 */
import SQLite from 'better-sqlite3'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { limitHeapGrowth } from '../core/heap-growth.js'
import { openDatabase } from '../core/storage/open-database.js'
import { floorRows, syntheticConnector } from './synthetic-connector.js'
import { benchRunner } from './bench-runner.js'

limitHeapGrowth() // as gateway.ts does: the process measured is the gateway's

const employees = Number(process.argv[2] ?? 100_000)
const dir = mkdtempSync(join(tmpdir(), 'koppel-bench-baseline-'))

/** Bytes of the pages in use by tables and indexes, and the file's size, after close. */
function fileAndData(path: string): { fileBytes: number; dataBytes: number } {
  const raw = new SQLite(path)
  const { bytes } = raw.prepare('SELECT sum(pgsize) AS bytes FROM dbstat WHERE aggregate = TRUE').get() as { bytes: number }
  raw.close()
  return { fileBytes: statSync(path).size, dataBytes: bytes }
}

// Koppel: a baseline through the sync runner.
const path = join(dir, 'koppel.db')
const db = await openDatabase({ path })
const { connector, state } = syntheticConnector({ employees })
const { ms: runMs } = await (await benchRunner(db, connector)).run()
const ms = runMs - state.sourceMs
const stored = Number((await db.selectFrom('records').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
await db.destroy()
const { fileBytes, dataBytes } = fileAndData(path)

// The floor: the same rows, made beforehand, inserted raw into a fresh file.
const floorPath = join(dir, 'floor.db')
await (await openDatabase({ path: floorPath })).destroy()
const rows = floorRows(employees)
const raw = new SQLite(floorPath)
raw.pragma('journal_mode = WAL')
raw.pragma('synchronous = NORMAL')
const insert = raw.prepare('INSERT INTO records (connection_id, entity, id, employer_id, hash, data, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
const floorStarted = performance.now()
raw.transaction(() => {
  const now = new Date().toISOString()
  for (const [entity, id, hash, data] of rows) insert.run('bench', entity, id, 'er-1', hash, data, now)
})()
const floorMs = performance.now() - floorStarted
raw.close()
const floorFile = fileAndData(floorPath)
rmSync(dir, { recursive: true, force: true })

process.stdout.write(`${JSON.stringify({
  name: 'baseline', employees, records: stored, ms, runMs, sourceMs: state.sourceMs, recordsPerSecond: stored / (ms / 1000),
  floorMs, ratio: ms / floorMs, fileBytes, dataBytes, fileRatio: fileBytes / dataBytes,
  floorFileBytes: floorFile.fileBytes, floorDataBytes: floorFile.dataBytes, peakRssMb: process.resourceUsage().maxRSS / 1024,
})}\n`)
