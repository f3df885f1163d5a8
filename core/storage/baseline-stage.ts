import { CompiledQuery, type Transaction } from 'kysely'
import type { Database, Executor } from './database.js'
import { storageDialect, type StorageDialect } from './dialect.js'

/** A baseline record on its way to `records`: the fetch's order is the table's rowid order. */
export interface BaselineRow {
  entity: string
  id: string
  hash: string
  data: string
}

/** Rows per INSERT on SQLite (4 parameters each); PostgreSQL takes 1,000 as four arrays. */
const rowsPerInsert = 250
const rowsPerArrayInsert = 1000
let tables = 0
/** PostgreSQL stage tables are named `koppel_baseline_<run id>_<n>`, so a crashed run's can be found and dropped. */
const stagePrefix = 'koppel_baseline_'

/**
 * The staging of a baseline (the first run of an employer with nothing stored, emitting no
 * mutations): a table without the `staged_records` round trip (written, read back into
 * JavaScript, deleted). At commit its rows go to `records` in one `INSERT … SELECT` inside
 * the employer's transaction, without a row through JavaScript.
 * - SQLite: a TEMP table of this process's one connection, so the staged data lives in
 *   SQLite's temp file and never in the database file (whose size is the data's, not twice
 *   it), with no index (an append). A crash loses it with the connection.
 * - PostgreSQL: an UNLOGGED table (no WAL for data that is copied once and dropped) seen by
 *   every connection of the pool, keyed by (entity, id) so a repeated id keeps its first
 *   version. A crash leaves it behind: `dropOrphanBaselineStages` removes those of runs that
 *   are no longer running.
 * Either way a crashed baseline left no cursor, and the next run is a baseline again.
 */
export async function openBaselineStage(db: Executor, runId: string): Promise<BaselineStage> {
  const dialect = storageDialect(db)
  if (dialect === 'sqlite') {
    const name = `"koppel_baseline_${++tables}"`
    await db.executeQuery(CompiledQuery.raw(`CREATE TEMP TABLE ${name} (entity TEXT NOT NULL, id TEXT NOT NULL, hash TEXT NOT NULL, data TEXT NOT NULL)`))
    return new BaselineStage(`temp.${name}`, dialect)
  }
  if (!/^[A-Za-z0-9_]+$/.test(runId) || runId.length > 40) throw new Error(`run id ${JSON.stringify(runId)} cannot name a stage table`)
  const name = `"${stagePrefix}${runId}_${++tables}"`
  await db.executeQuery(CompiledQuery.raw(`CREATE UNLOGGED TABLE ${name} (entity text NOT NULL, id text NOT NULL, hash text NOT NULL, data text NOT NULL, PRIMARY KEY (entity, id))`))
  return new BaselineStage(name, dialect)
}

/**
 * PostgreSQL: drops the stage tables of runs that are not running (a process that crashed or
 * lost its database during a baseline). SQLite's stages are temp tables and go with their
 * connection. Returns how many were dropped.
 */
export async function dropOrphanBaselineStages(db: Executor): Promise<number> {
  if (storageDialect(db) !== 'postgres') return 0
  const { rows } = await db.executeQuery<{ name: string }>(CompiledQuery.raw(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND starts_with(tablename, $1)`, [stagePrefix],
  ))
  if (rows.length === 0) return 0
  const runOf = (name: string) => name.slice(stagePrefix.length, name.lastIndexOf('_'))
  const running = new Set((await db.selectFrom('runs').select('id').where('status', '=', 'running').where('id', 'in', rows.map((row) => runOf(row.name))).execute()).map((row) => row.id))
  let dropped = 0
  for (const { name } of rows) {
    if (running.has(runOf(name))) continue
    await db.executeQuery(CompiledQuery.raw(`DROP TABLE IF EXISTS "${name}"`))
    dropped++
  }
  return dropped
}

export class BaselineStage {
  readonly #table: string
  readonly #dialect: StorageDialect
  #insertSql = new Map<number, string>()

  constructor(table: string, dialect: StorageDialect) {
    this.#table = table
    this.#dialect = dialect
  }

  /** Appends rows (the caller's transaction keeps a batch's statements together). */
  async write(db: Executor, rows: readonly BaselineRow[]): Promise<void> {
    if (this.#dialect === 'postgres') {
      for (let i = 0; i < rows.length; i += rowsPerArrayInsert) {
        const chunk = rows.slice(i, i + rowsPerArrayInsert)
        await db.executeQuery(CompiledQuery.raw(
          `INSERT INTO ${this.#table} (entity, id, hash, data) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING`,
          [chunk.map((row) => row.entity), chunk.map((row) => row.id), chunk.map((row) => row.hash), chunk.map((row) => row.data)],
        ))
      }
      return
    }
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
    // SQLite: in fetch order (rowid), and a repeated id's later versions change nothing. PostgreSQL's stage holds each id once.
    const select = this.#dialect === 'sqlite'
      ? `SELECT ?, entity, id, ?, hash, data, ? FROM ${this.#table} WHERE true ORDER BY rowid`
      : `SELECT $1, entity, id, $2, hash, data, $3 FROM ${this.#table}`
    await trx.executeQuery(CompiledQuery.raw(
      `INSERT INTO records (connection_id, entity, id, employer_id, hash, data, updated_at)
       ${select}
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
