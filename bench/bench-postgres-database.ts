/**
 * A fresh PostgreSQL database for one benchmark, on the server at KOPPEL_BENCH_PG_URL
 * (default postgres://postgres@127.0.0.1:5432/postgres): its URL, `copy(suffix)` for a copy
 * of it as it is now (`CREATE DATABASE … TEMPLATE`, its URL), and `drop()` for the end,
 * which drops the copies too.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'

export async function benchPostgresDatabase(): Promise<{ url: string; copy(suffix: string): Promise<string>; drop(): Promise<void> }> {
  const serverUrl = process.env.KOPPEL_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  const name = `koppel_bench_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  const urlOf = (database: string) => {
    const url = new URL(serverUrl)
    url.pathname = `/${database}`
    return url.href
  }
  const copies: string[] = []
  return {
    url: urlOf(name),
    async copy(suffix) {
      const copy = `${name}_${suffix.replace(/\W/g, '_')}`
      await admin.query(`CREATE DATABASE ${copy} TEMPLATE ${name}`)
      copies.push(copy)
      return urlOf(copy)
    },
    async drop() {
      for (const database of [...copies, name]) await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
      await admin.end()
    },
  }
}
