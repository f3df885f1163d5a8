import SQLite from 'better-sqlite3'
import { Kysely, SqliteDialect, sql } from 'kysely'
import type { Database } from './database.js'
import { prepareDatabaseFile, rememberDatabaseFile, storagePathError, type DatabaseFileLog } from './database-file.js'
import { migrations } from './migrations.js'

export type Db = Kysely<Database>

export interface OpenDatabaseOptions {
  /** A file path, or `:memory:`. Its directory must exist (see `prepareDatabaseFile`). */
  path: string
  /** Told (at warn level) when a first start creates the file. */
  log?: DatabaseFileLog
}

/**
 * Opens SQLite with WAL, a busy timeout and foreign keys, and applies pending migrations.
 * better-sqlite3 is synchronous: every Kysely transaction runs without yielding to other
 * queries of this process, so a transaction never stays open across network I/O.
 * A file that cannot be used (missing directory, read-only, not a database) is a coded
 * one-line `storage.path: …` error.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Db> {
  if (options.path === ':memory:') return connect(':memory:')
  const file = prepareDatabaseFile(options.path, options.log)
  let db: Db
  try {
    db = await connect(file)
  } catch (error) {
    throw sqliteOpenError(file, error)
  }
  rememberDatabaseFile(db, file)
  return db
}

async function connect(path: string): Promise<Db> {
  const sqlite = new SQLite(path)
  try {
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('busy_timeout = 5000')
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma('synchronous = NORMAL')
  } catch (error) {
    sqlite.close()
    throw error
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) })
  try {
    await migrate(db)
  } catch (error) {
    await db.destroy()
    throw error
  }
  return db
}

/** SQLite's refusals of a file, as the operator's one line; anything else stays as it is. */
function sqliteOpenError(file: string, error: unknown): unknown {
  const code = String((error as { code?: unknown }).code ?? '')
  if (code.startsWith('SQLITE_READONLY')) return storagePathError(`database file ${file} is read-only`, error)
  if (code.startsWith('SQLITE_CANTOPEN')) return storagePathError(`cannot open ${file} (or its -wal and -shm files beside it)`, error)
  if (code === 'SQLITE_NOTADB') return storagePathError(`${file} is not a SQLite database`, error)
  if (code.startsWith('SQLITE_CORRUPT')) return storagePathError(`database file ${file} is corrupt`, error)
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_FULL' || code === 'SQLITE_PERM') return storagePathError(`cannot use ${file} (${code})`, error)
  return error
}

/**
 * better-sqlite3 compiles every `prepare` anew and Kysely prepares every query it runs, so
 * the hot paths (outbox claims, sync staging) spent a fair share of their time compiling
 * the same SQL. A bounded cache of prepared statements by SQL text removes that; it is safe
 * because Kysely runs each statement to completion (`all`/`run`) before the next query.
 */
function withStatementCache(sqlite: SQLite.Database, size = 256) {
  const cache = new Map<string, SQLite.Statement>()
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = cache.get(sql)
      if (statement) {
        cache.delete(sql)
      } else {
        statement = sqlite.prepare(sql)
        if (cache.size >= size) cache.delete(cache.keys().next().value!)
      }
      cache.set(sql, statement)
      return statement
    },
  }
}

export async function migrate(db: Db): Promise<string[]> {
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`.execute(db)
  const applied = new Set((await db.selectFrom('schema_migrations').select('name').execute()).map((row) => row.name))
  const ran: string[] = []
  for (const migration of migrations) {
    if (applied.has(migration.name)) continue
    await db.transaction().execute(async (trx) => {
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
