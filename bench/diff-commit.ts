/**
 * Benchmark 1 (and 7 with a second argument: that many payroll periods per employment, e.g.
 * 12 → 1.6M records for 100k employees): diff + commit. 100k employees (400k canonical records), a baseline run, then a
 * run with 1% of the records changed, against the floor: raw better-sqlite3 prepared
 * statements in one transaction that read every stored hash, compare it with the incoming
 * hash (computed beforehand, for free) and write the changed rows. The resync's figure is
 * the whole run minus the time the synthetic source spends making records (that is the
 * payroll system's side, not diff+commit); both are printed. Prints one JSON line.
 */
import SQLite from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { limitHeapGrowth } from '../core/heap-growth.js'
import { openDatabase } from '../core/storage/open-database.js'
import { floorRows } from './synthetic-connector.js'
import { syntheticSync } from './synthetic-sync.js'

limitHeapGrowth() // as gateway.ts does: the process measured is the gateway's

const employees = Number(process.argv[2] ?? 100_000)
const payrollPeriods = Number(process.argv[3] ?? 0)
const dir = mkdtempSync(join(tmpdir(), 'koppel-bench-'))
const path = join(dir, 'bench.db')
const db = await openDatabase({ path })
const { state, sync } = await syntheticSync(db, { employees, payrollPeriods })

const baseline = await sync()
state.changedEvery = 100
const resync = await sync()
// Peak RSS of Koppel's part (both runs), before the floor builds its input in memory.
const peakRssMb = process.resourceUsage().maxRSS / 1024
await db.destroy()

// The floor, on the same file after our run (so the stored rows are the changed version):
// the incoming set is the original version again, 1% differs.
const incoming = floorRows(employees, payrollPeriods)
const raw = new SQLite(path)
raw.pragma('journal_mode = WAL')
raw.pragma('synchronous = NORMAL')
const select = raw.prepare('SELECT entity, id, hash FROM records WHERE connection_id = ? AND employer_id = ?')
const update = raw.prepare('UPDATE records SET hash = ?, data = ?, updated_at = ? WHERE connection_id = ? AND entity = ? AND id = ?')
const floorStarted = performance.now()
let floorChanged = 0
raw.transaction(() => {
  const stored = new Map<string, string>()
  for (const row of select.iterate('bench', 'er-1') as Iterable<{ entity: string; id: string; hash: string }>) stored.set(`${row.entity}\u0000${row.id}`, row.hash)
  const now = new Date().toISOString()
  for (const [entity, id, hash, data] of incoming) {
    if (stored.get(`${entity}\u0000${id}`) === hash) continue
    update.run(hash, data, now, 'bench', entity, id)
    floorChanged++
  }
})()
const floorMs = performance.now() - floorStarted
raw.close()
rmSync(dir, { recursive: true, force: true })

const recordCount = employees * (4 + payrollPeriods)
process.stdout.write(`${JSON.stringify({
  name: payrollPeriods > 0 ? 'diff+commit with payroll results' : 'diff+commit', employees, payrollPeriods, records: recordCount, baselineMs: baseline.ms, resyncMs: resync.ms, sourceMs: resync.sourceMs,
  diffMs: resync.diffMs, mutations: resync.mutations, floorMs, floorChanged, recordsPerSecond: recordCount / (resync.diffMs / 1000),
  ratio: resync.diffMs / floorMs,
  peakRssMb,
})}\n`)
