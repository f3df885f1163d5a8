import { Kysely, sql } from 'kysely'
import type { Database } from './database.js'
import { prepareDatabaseFile, rememberDatabaseFile, type DatabaseFileLog } from './database-file.js'
import { storageDialect } from './dialect.js'
import { migrations } from './migrations.js'
import { openPostgres } from './open-postgres.js'
import { openSqlite, sqliteOpenError } from './open-sqlite.js'
import { redactedUrl } from './postgres-url.js'

export type Db = Kysely<Database>

/** SQLite: a file path, or `:memory:`. Its directory must exist (see `prepareDatabaseFile`). */
export interface SqliteOptions {
  driver?: 'sqlite'
  path: string
  /** Told (at warn level) when a first start creates the file. */
  log?: DatabaseFileLog
}

/** PostgreSQL: a `postgres://` URL and the most connections this process keeps. */
export interface PostgresOptions {
  driver: 'postgres'
  url: string
  /** Default 10. */
  poolSize?: number
  /** Told (at warn level) when the server closes an idle connection. */
  log?: DatabaseFileLog
}

export type OpenDatabaseOptions = SqliteOptions | PostgresOptions

/** The config's `storage` block (DESIGN §5). */
export type StorageBlock = { driver: 'sqlite'; path: string } | { driver: 'postgres'; url: string; pool_size: number }

/** The config's `storage` block as options for `openDatabase`. */
export function storageOptions(storage: StorageBlock, log?: DatabaseFileLog): OpenDatabaseOptions {
  return storage.driver === 'postgres' ? { driver: 'postgres', url: storage.url, poolSize: storage.pool_size, log } : { path: storage.path, log }
}

/** The database a `storage` block names, fit for output: the SQLite path, or the URL without its password. */
export function describeStorage(storage: StorageBlock): string {
  return storage.driver === 'postgres' ? redactedUrl(storage.url) : storage.path
}

/**
 * Opens the database and applies pending migrations. SQLite (`core/storage/open-sqlite.ts`):
 * a file that cannot be used (missing directory, read-only, not a database) is a coded
 * one-line `storage.path: …` error. PostgreSQL (`core/storage/open-postgres.ts`): a server
 * that cannot be reached is a one-line `storage.url: …` error.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Db> {
  if (options.driver === 'postgres') return withMigrations(await openPostgres(options.url, options.poolSize ?? 10, options.log))
  if (options.path === ':memory:') return withMigrations(openSqlite(':memory:'))
  const file = prepareDatabaseFile(options.path, options.log)
  let db: Db
  try {
    db = await withMigrations(openSqlite(file))
  } catch (error) {
    throw sqliteOpenError(file, error)
  }
  rememberDatabaseFile(db, file)
  return db
}

async function withMigrations(db: Db): Promise<Db> {
  try {
    await migrate(db)
  } catch (error) {
    await db.destroy()
    throw error
  }
  return db
}

/** Any number: every Koppel replica takes the same lock before it migrates. */
export const migrationLock = 4_206_117_311

/**
 * Applies the migrations not yet applied, in list order, each with its `schema_migrations`
 * row. On PostgreSQL all of them run in one transaction that first takes an advisory lock,
 * so replicas starting at once migrate one after the other (the second finds nothing to
 * do); DDL is transactional there. SQLite's write lock already serializes writers.
 */
export async function migrate(db: Db): Promise<string[]> {
  if (storageDialect(db) === 'postgres') {
    return db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${migrationLock})`.execute(trx)
      return applyPending(trx, async (run) => run(trx))
    })
  }
  return applyPending(db, (run) => db.transaction().execute(run))
}

async function applyPending(db: Db, inTransaction: (run: (trx: Db) => Promise<void>) => Promise<void>): Promise<string[]> {
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`.execute(db)
  const applied = new Set((await db.selectFrom('schema_migrations').select('name').execute()).map((row) => row.name))
  const ran: string[] = []
  for (const migration of migrations) {
    if (applied.has(migration.name)) continue
    await inTransaction(async (trx) => {
      await migration.up(trx)
      await trx.insertInto('schema_migrations').values({ name: migration.name, applied_at: new Date().toISOString() }).execute()
    })
    ran.push(migration.name)
  }
  return ran
}

/** True when the database answers and every known migration is applied. */
export async function isDatabaseReady(db: Db): Promise<boolean> {
  try {
    const rows = await db.selectFrom('schema_migrations').select('name').execute()
    const names = new Set(rows.map((row) => row.name))
    return migrations.every((migration) => names.has(migration.name))
  } catch {
    return false
  }
}
