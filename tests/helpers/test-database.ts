import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { openDatabase, type Db, type StorageBlock } from '../../core/storage/open-database.js'

/**
 * The database the suite runs on: SQLite `:memory:` by default, PostgreSQL with
 * `KOPPEL_TEST_DIALECT=postgres` (`npm run test:pg`), on the server at `KOPPEL_TEST_PG_URL`.
 *
 * On PostgreSQL a test file gets its own databases (`CREATE DATABASE koppel_t_…`, copied
 * from a migrated template the run made in `require-postgres.ts`), dropped when the file
 * ends (`postgres-setup.ts`). Creating and dropping one costs the better part of a second
 * on this server (a checkpoint each), so a database handed out inside a test is emptied
 * and handed out again in a later test of the same file (rows deleted, sequences back at 1,
 * other connections to it ended): within one test every call still gets a database of its
 * own, and one handed out outside a test (`beforeAll`) stays that file's for good.
 */
export const testDialect: 'sqlite' | 'postgres' = process.env.KOPPEL_TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite'

export const onPostgres = testDialect === 'postgres'

/** The server's maintenance database, where test databases are created and dropped. */
export const testPostgresUrl = process.env.KOPPEL_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

/** Names of this run's databases: `koppel_t_<run>_…` (the run id comes from the global setup). */
export const testRunPrefix = `koppel_t_${process.env.KOPPEL_TEST_PG_RUN ?? `p${process.pid}`}`

interface FileDatabase {
  name: string
  url: string
  /** Handed out in the current test (free again after it), or outside any test (never free again). */
  state: 'free' | 'in-test' | 'pinned'
}

const databases: FileDatabase[] = []
let inTest = false
let admin: pg.Pool | undefined

function adminPool(): pg.Pool {
  admin ??= new pg.Pool({ connectionString: testPostgresUrl, max: 2 })
  return admin
}

function urlOf(name: string): string {
  const url = new URL(testPostgresUrl)
  url.pathname = `/${name}`
  return url.toString()
}

async function createDatabase(template: boolean): Promise<FileDatabase> {
  const name = `${testRunPrefix}_${randomBytes(5).toString('hex')}`
  const source = process.env.KOPPEL_TEST_PG_TEMPLATE
  await adminPool().query(template && source ? `CREATE DATABASE ${name} TEMPLATE ${source}` : `CREATE DATABASE ${name}`)
  const database: FileDatabase = { name, url: urlOf(name), state: inTest ? 'in-test' : 'pinned' }
  databases.push(database)
  if (template && templateShape === undefined) templateShape = await withClient(database.url, shapeOf)
  return database
}

/** The migration rows and relations of a migrated database, to tell whether a test changed them. */
let templateShape: string | undefined

async function shapeOf(client: pg.Client): Promise<string> {
  const result = await client.query<{ shape: string }>(`
    SELECT (SELECT string_agg(name, ',' ORDER BY name) FROM schema_migrations) || '|'
      || (SELECT string_agg(relname || ':' || relkind::text, ',' ORDER BY relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public') || '|'
      || (SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal)::text || '|'
      || (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public')::text AS shape`)
  return result.rows[0]?.shape ?? ''
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await use(client)
  } finally {
    await client.end()
  }
}

/**
 * Empties a migrated database for its next test: rows, sequences and connections, then
 * puts back the rows the migrations seed. False
 * when a test changed its schema or its migration rows (it is not handed out again).
 */
async function reset(database: FileDatabase): Promise<boolean> {
  return withClient(database.url, async (client) => {
    if ((await shapeOf(client).catch(() => 'broken')) !== templateShape) return false
    await client.query(`
      SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid();
      DO $$ DECLARE t text; BEGIN
        FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' LOOP
          EXECUTE format('DELETE FROM %I', t);
        END LOOP;
        PERFORM setval(c.oid, 1, false) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'S' AND n.nspname = 'public';
      END $$;
      -- What the migrations seed, as a fresh database has it (0010: the mutation sequence counter).
      INSERT INTO sequence_counters (name, value) VALUES ('mutations', 0);`)
    return true
  })
}

/**
 * The URL of a migrated PostgreSQL database no one else in this test uses, with no rows.
 * `empty`: a new database without even the migrations (for migration tests).
 */
export async function freshPostgresUrl(options: { empty?: boolean } = {}): Promise<string> {
  if (options.empty) return (await createDatabase(false)).url
  for (const free of inTest ? databases.filter((database) => database.state === 'free') : []) {
    free.state = 'in-test'
    if (await reset(free)) return free.url
    free.state = 'pinned' // changed by its test: dropped with the others, never reused
  }
  return (await createDatabase(true)).url
}

/** Called by `postgres-setup.ts` around every test. */
export function enterTest(): void {
  inTest = true
}

export function leaveTest(): void {
  inTest = false
  // Not handed out again: a gateway of the finished test may still be closing (a run ending,
  // a dispatcher settling) and would write into the next test's rows. A copy of the template
  // costs about 0.2 s; every one is dropped when the file ends.
  for (const database of databases) if (database.state === 'in-test') database.state = 'pinned'
}

/** Drops every database this test file created (connections still open are ended). */
export async function dropTestDatabases(): Promise<void> {
  if (!admin) return
  const pool = admin
  await Promise.all(databases.splice(0).map((database) => pool.query(`DROP DATABASE IF EXISTS ${database.name} WITH (FORCE)`)))
  await pool.end()
  admin = undefined
}

/** The `storage` block of a fresh, empty, migrated database on the selected dialect. */
export async function testStorage(): Promise<StorageBlock> {
  if (!onPostgres) return { driver: 'sqlite', path: ':memory:' }
  return { driver: 'postgres', url: await freshPostgresUrl(), pool_size: 5 }
}

const byPath = new Map<string, Promise<StorageBlock>>()

/**
 * The `storage` block for what a test calls a SQLite file: that file on SQLite; on
 * PostgreSQL one database per distinct path in this test file (so a restart on "the same
 * file" finds its data). `:memory:` is a fresh database each time.
 */
export function storageAt(path: string): Promise<StorageBlock> {
  if (!onPostgres) return Promise.resolve({ driver: 'sqlite', path })
  if (path === ':memory:') return testStorage()
  let storage = byPath.get(path)
  if (!storage) {
    const wasInTest = inTest
    inTest = false // kept for the whole file: a later test may reopen the same path
    storage = testStorage().finally(() => (inTest = wasInTest))
    byPath.set(path, storage)
  }
  return storage
}

/** A fresh, migrated database on the selected dialect. */
export async function openTestDatabase(): Promise<Db> {
  return openStorage(await testStorage())
}

/** A (second) connection to the database a `storage` block names. */
export async function openStorage(storage: StorageBlock): Promise<Db> {
  return storage.driver === 'postgres'
    ? openDatabase({ driver: 'postgres', url: storage.url, poolSize: storage.pool_size })
    : openDatabase({ path: storage.path })
}

/** A `storage` block as YAML flow text, for the configs CLI tests write. */
export function storageYaml(storage: StorageBlock): string {
  return storage.driver === 'postgres'
    ? `{ driver: postgres, url: "${storage.url}", pool_size: ${storage.pool_size} }`
    : `{ driver: sqlite, path: "${storage.path}" }`
}
