/**
 * The diff+commit scaling sweep: for each size a baseline file, then for each change ratio a
 * copy of it and one resync in its own process (its peak RSS is the resync's alone, not the
 * baseline's, nor another entry's). Time excludes the synthetic source's time making records.
 * `diff-scaling.ts 10000,100000,400000,100000x12 [postgres]` prints one JSON line: `{ entries: [...] }`
 * (`100000x12`: 100k employees with 12 periods of payroll results, 1.6M records).
 * With `postgres` the baseline is a database of the server at KOPPEL_BENCH_PG_URL and each
 * resync runs on a copy of it (`CREATE DATABASE … TEMPLATE`).
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { benchPostgresDatabase } from './bench-postgres-database.js'

const sizes = (process.argv[2] ?? '10000,100000,400000,100000x12').split(',')
const percents = [0, 1, 30]
const onPostgres = process.argv[3] === 'postgres'

function entry(args: string[]): Record<string, number | string> {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'diff-scaling-run.ts'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
  if (result.status !== 0) throw new Error(`diff-scaling-run ${args.join(' ')} failed with exit code ${result.status}`)
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Record<string, number | string>
}

/** Where one size's baseline lives, a fresh copy of it per resync, and the cleanup of both. */
interface Store {
  baseline: string
  copy(name: string): Promise<string>
  drop(): Promise<void>
}

function sqliteStore(): Store {
  const dir = mkdtempSync(join(tmpdir(), 'koppel-bench-scaling-'))
  const baseline = join(dir, 'baseline.db')
  return {
    baseline,
    async copy(name) {
      // The previous copy goes first: a 400k file is about 1 GB.
      for (const file of readdirSync(dir)) if (file !== 'baseline.db') rmSync(join(dir, file), { force: true })
      const path = join(dir, `${name}.db`)
      copyFileSync(baseline, path)
      return path
    },
    async drop() {
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function postgresStore(): Promise<Store> {
  const database = await benchPostgresDatabase()
  return { baseline: database.url, copy: (name) => database.copy(name), drop: () => database.drop() }
}

const entries: Array<Record<string, number | string>> = []
for (const employees of sizes) {
  const store = onPostgres ? await postgresStore() : sqliteStore()
  try {
    entry(['baseline', employees, store.baseline])
    for (const percent of percents) {
      const where = await store.copy(`resync_${percent}`)
      const { ms, recordsPerSecond, peakRssMb, records, mutations, payrollPeriods, employees: count } = entry(['resync', employees, where, String(percent)])
      entries.push({ employees: count!, payrollPeriods: payrollPeriods!, records: records!, changedPercent: percent, ms: ms!, recordsPerSecond: recordsPerSecond!, peakRssMb: peakRssMb!, mutations: mutations! })
    }
  } finally {
    await store.drop()
  }
}
process.stdout.write(`${JSON.stringify({ name: onPostgres ? 'diff scaling on PostgreSQL' : 'diff scaling', entries })}\n`)
