import { CompiledQuery, type Transaction } from 'kysely'
import type { Database, Executor } from './database.js'
import { storageDialect } from './dialect.js'

/** A baseline record on its way to `records`: the fetch's order is the table's rowid order. */
export interface BaselineRow {
  entity: string
  id: string
  hash: string
  data: string
}

/** Rows per INSERT (4 parameters each). */
const rowsPerInsert = 250
let tables = 0

/**
 * The staging of a baseline (the first run of an employer with nothing stored, emitting no
 * mutations), SQLite only: a TEMP table of this process's one connection, so the staged
 * data lives in SQLite's temp file and never in the database file (whose size is the data's,
 * not twice it), carries no index (an append), and at commit goes to `records` in one
 * `INSERT … SELECT` inside the employer's transaction, without a row through JavaScript. A
 * crash loses the temp table with the connection: the employer has no cursor, and the next
 * run is a baseline again. Other dialects stage in `staged_records` (`null` here).
 */
export async function openBaselineStage(db: Executor): Promise<BaselineStage | null> {
  if (storageDialect(db) !== 'sqlite') return null
  const name = `temp."koppel_baseline_${++tables}"`
  await db.executeQuery(CompiledQuery.raw(`CREATE TEMP TABLE ${name.slice(5)} (entity TEXT NOT NULL, id TEXT NOT NULL, hash TEXT NOT NULL, data TEXT NOT NULL)`))
  return new BaselineStage(name)
}

export class BaselineStage {
  readonly #table: string
  #insertSql = new Map<number, string>()

  constructor(table: string) {
    this.#table = table
  }

  /** Appends rows (the caller's transaction keeps a batch's statements together). */
  async write(db: Executor, rows: readonly BaselineRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += rowsPerInsert) {
      const chunk = rows.slice(i, i + rowsPerInsert)
      const parameters: string[] = []
      for (const row of chunk) parameters.push(row.entity, row.id, row.hash, row.data)
      await db.executeQuery(CompiledQuery.raw(this.#insert(chunk.length), parameters))
    }
  }

  /**
   * Moves the staged rows into `records` and returns how many each entity stored. A
   * repeated id of this fetch keeps its first version (as the staging table's unique key
   * does); an id stored under another employer of the connection moves here (as an upsert).
   */
  async commit(trx: Transaction<Database>, scope: { connectionId: string; employerId: string }, now: string): Promise<Map<string, number>> {
    await trx.executeQuery(CompiledQuery.raw(
      `INSERT INTO records (connection_id, entity, id, employer_id, hash, data, updated_at)
       SELECT ?, entity, id, ?, hash, data, ? FROM ${this.#table} WHERE true ORDER BY rowid
       ON CONFLICT (connection_id, entity, id) DO UPDATE SET employer_id = excluded.employer_id, hash = excluded.hash, data = excluded.data, updated_at = excluded.updated_at
       WHERE records.employer_id <> excluded.employer_id`,
      [scope.connectionId, scope.employerId, now],
    ))
    const stored = await trx
      .selectFrom('records').select((eb) => ['entity', eb.fn.countAll<number>().as('count')])
      .where('connection_id', '=', scope.connectionId).where('employer_id', '=', scope.employerId)
      .groupBy('entity').execute()
    return new Map(stored.map((row) => [row.entity, Number(row.count)]))
  }

  /** Drops the table (after the commit, or when the fetch failed). */
  async drop(db: Executor): Promise<void> {
    await db.executeQuery(CompiledQuery.raw(`DROP TABLE IF EXISTS ${this.#table}`))
  }

  #insert(count: number): string {
    let text = this.#insertSql.get(count)
    if (!text) {
      text = `INSERT INTO ${this.#table} (entity, id, hash, data) VALUES ${Array.from({ length: count }, () => '(?, ?, ?, ?)').join(', ')}`
      this.#insertSql.set(count, text)
    }
    return text
  }
}
