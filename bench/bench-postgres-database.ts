/**
 * A fresh PostgreSQL database for one benchmark, on the server at KOPPEL_BENCH_PG_URL
 * (default postgres://postgres@127.0.0.1:5432/postgres): its URL, and `drop()` for the end.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'

export async function benchPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = process.env.KOPPEL_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  const name = `koppel_bench_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    url: url.href,
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.end()
    },
  }
}
