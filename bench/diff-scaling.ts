/**
 * The diff+commit scaling sweep: for each size a baseline file, then for each change ratio a
 * copy of it and one resync in its own process (its peak RSS is the resync's alone, not the
 * baseline's, nor another entry's). Time excludes the synthetic source's time making records.
 * `diff-scaling.ts 10000,100000,400000 [postgres]` prints one JSON line: `{ entries: [...] }`.
 * With `postgres` the baseline is a database of the server at KOPPEL_BENCH_PG_URL and each
 * resync runs on a copy of it (`CREATE DATABASE … TEMPLATE`).
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { benchPostgresDatabase } from './bench-postgres-database.js'

const sizes = (process.argv[2] ?? '10000,100000,400000').split(',').map(Number)
const percents = [0, 1, 30]
const onPostgres = process.argv[3] === 'postgres'

function entry(args: string[]): Record<string, number | string> {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'diff-scaling-run.ts'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
  if (result.status !== 0) throw new Error(`diff-scaling-run ${args.join(' ')} failed with exit code ${result.status}`)
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Record<string, number | string>
}

/** Where one size's baseline lives, and a fresh copy of it per resync. */
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
  const server = new pg.Client({ connectionString: process.env.KOPPEL_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' })
  await server.connect()
  const source = new URL(database.url).pathname.slice(1)
  const copies: string[] = []
  return {
    baseline: database.url,
    async copy(name) {
      const copy = `${source}_${name.replace(/\W/g, '_')}`
      await server.query(`CREATE DATABASE ${copy} TEMPLATE ${source}`)
      copies.push(copy)
      const url = new URL(database.url)
      url.pathname = `/${copy}`
      return url.href
    },
    async drop() {
      for (const copy of copies) await server.query(`DROP DATABASE IF EXISTS ${copy} WITH (FORCE)`)
      await server.end()
      await database.drop()
    },
  }
}

const entries: Array<Record<string, number | string>> = []
for (const employees of sizes) {
  const store = onPostgres ? await postgresStore() : sqliteStore()
  try {
    entry(['baseline', String(employees), store.baseline])
    for (const percent of percents) {
      const where = await store.copy(`resync_${percent}`)
      const { ms, recordsPerSecond, peakRssMb, records, mutations } = entry(['resync', String(employees), where, String(percent)])
      entries.push({ employees, records: records!, changedPercent: percent, ms: ms!, recordsPerSecond: recordsPerSecond!, peakRssMb: peakRssMb!, mutations: mutations! })
      if (!onPostgres) rmSync(where, { force: true })
    }
  } finally {
    await store.drop()
  }
}
process.stdout.write(`${JSON.stringify({ name: onPostgres ? 'diff scaling on PostgreSQL' : 'diff scaling', entries })}\n`)
