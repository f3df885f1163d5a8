import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { openDatabase } from '../../core/storage/open-database.js'
import { redactedUrl } from '../../core/storage/postgres-url.js'
import { testPostgresUrl } from './test-database.js'

/**
 * vitest globalSetup under `npm run test:pg`: stops the run with one plain sentence when
 * no PostgreSQL answers (instead of a failure in every test file), makes the migrated
 * template the test databases are copied from, and drops what is left of the run at its end.
 */
export default async function requirePostgres(): Promise<() => Promise<void>> {
  const admin = new pg.Pool({ connectionString: testPostgresUrl, connectionTimeoutMillis: 5000, max: 4 })
  try {
    await admin.query('SELECT 1')
  } catch (error) {
    await admin.end().catch(() => {})
    const reason = (error as { code?: string }).code ?? (error as Error).message
    const message = `PostgreSQL is not reachable at ${redactedUrl(testPostgresUrl)} (${reason}): start it with `
      + '`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`, or point KOPPEL_TEST_PG_URL at a server whose user may CREATE DATABASE.'
    const plain = new Error(message)
    plain.stack = message
    throw plain
  }
  const run = randomBytes(3).toString('hex')
  const prefix = `koppel_t_${run}`
  const template = `${prefix}_template`
  process.env.KOPPEL_TEST_PG_RUN = run
  process.env.KOPPEL_TEST_PG_TEMPLATE = template
  await admin.query(`CREATE DATABASE ${template}`)
  const url = new URL(testPostgresUrl)
  url.pathname = `/${template}`
  await (await openDatabase({ driver: 'postgres', url: url.toString(), poolSize: 1 })).destroy()

  return async () => {
    const left = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${prefix}\\_%`])
    await Promise.all(left.rows.map((row) => admin.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`)))
    await admin.end()
  }
}
