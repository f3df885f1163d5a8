import SQLite from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import type { Database } from './database.js'
import { storagePathError } from './database-file.js'

/**
 * SQLite with WAL, a busy timeout and foreign keys. better-sqlite3 is synchronous: every
 * Kysely transaction runs without yielding to other queries of this process, so a
 * transaction never stays open across network I/O.
 */
export function openSqlite(path: string): Kysely<Database> {
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
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) })
}

/** SQLite's refusals of a file, as the operator's one line; anything else stays as it is. */
export function sqliteOpenError(file: string, error: unknown): unknown {
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
