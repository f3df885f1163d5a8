import { PostgresAdapter } from 'kysely'
import type { Executor } from './database.js'

export type StorageDialect = 'sqlite' | 'postgres'

/**
 * Which SQL dialect a database (or a transaction on it) speaks, for the few storage
 * functions whose SQL differs (sequence allocation, claims, leases, migration locks).
 * Everything else is portable Kysely.
 */
export function storageDialect(db: Executor): StorageDialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite'
}
