import type { CreateTableBuilder, Kysely } from 'kysely'
import { storageDialect } from './dialect.js'

/**
 * The column types whose spelling differs between the dialects, for the migrations.
 * SQLite's INTEGER is 64-bit already and keeps the exact schema it always had; PostgreSQL
 * gets int8 (`pg` hands it back as a number, see `open-postgres.ts`).
 */

/** A sequence or row id: `INTEGER PRIMARY KEY AUTOINCREMENT` on SQLite, `bigserial PRIMARY KEY` on PostgreSQL. */
export function serialKey<T extends string>(db: Kysely<any>, table: CreateTableBuilder<T, never>, column: string): CreateTableBuilder<T, string> {
  return storageDialect(db) === 'postgres'
    ? table.addColumn(column, 'bigserial', (c) => c.primaryKey())
    : table.addColumn(column, 'integer', (c) => c.primaryKey().autoIncrement())
}

/** A column holding a sequence or a row id: `integer` on SQLite, `bigint` on PostgreSQL. */
export function bigint(db: Kysely<any>): 'integer' | 'bigint' {
  return storageDialect(db) === 'postgres' ? 'bigint' : 'integer'
}
