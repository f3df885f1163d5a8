import { sql, type RawBuilder } from 'kysely'
import type { Executor } from './database.js'
import { storageDialect, type StorageDialect } from './dialect.js'

type MatchValue = string | number | boolean | null

/** Bound values per statement (SQLite allows 32,766, PostgreSQL 65,535). */
const valuesPerQuery = 3000

/**
 * Ids of one employer's stored records of `entity` whose top-level `fields` hold one of the
 * `tuples`, looked up by the database in the stored JSON instead of reading every candidate's
 * data into the process: each row's fields are extracted once (`json_extract`, PostgreSQL
 * `->>`) and looked up in the claimed tuples (`IN (VALUES …)`, which the database indexes
 * once per statement). A tuple holding null is matched by its own condition (`IN` never
 * matches null). A narrowing: the caller tests what it found against the exact claim
 * (PostgreSQL compares the values as text).
 */
export async function coveredRecordIds(db: Executor, input: {
  connectionId: string
  employerId: string
  entity: string
  fields: readonly string[]
  tuples: ReadonlyArray<readonly MatchValue[]>
}): Promise<string[]> {
  const dialect = storageDialect(db)
  const conditions = matchConditions(input.fields.map((name) => field(dialect, name)), input.tuples, (value) => bindable(dialect, value))
  const ids: string[] = []
  for (const condition of conditions) {
    const rows = await db.selectFrom('records').select('id')
      .where('connection_id', '=', input.connectionId)
      .where('employer_id', '=', input.employerId)
      .where('entity', '=', input.entity)
      .where(sql<boolean>`${condition}`)
      .execute()
    for (const row of rows) ids.push(row.id)
  }
  return ids
}

/** One condition per statement: the tuples without null in `IN (VALUES …)` lists, those with null one by one. */
function matchConditions(
  fields: readonly RawBuilder<unknown>[], tuples: ReadonlyArray<readonly MatchValue[]>, value: (value: Exclude<MatchValue, null>) => string | number,
): RawBuilder<unknown>[] {
  if (tuples.length === 0) return []
  // A claim on no fields (`match: {}`) covers every record of the entity.
  if (fields.length === 0) return [sql`1 = 1`]
  const plain: Array<readonly MatchValue[]> = []
  const withNull: Array<readonly MatchValue[]> = []
  for (const tuple of tuples) (tuple.some((entry) => entry === null || entry === undefined) ? withNull : plain).push(tuple)
  const perQuery = Math.max(1, Math.floor(valuesPerQuery / fields.length))
  const conditions: RawBuilder<unknown>[] = []
  for (let i = 0; i < plain.length; i += perQuery) {
    const rows = plain.slice(i, i + perQuery).map((tuple) => sql`(${sql.join(tuple.map((entry) => value(entry!)))})`)
    conditions.push(sql`(${sql.join(fields)}) in (values ${sql.join(rows)})`)
  }
  const nullable = (tuple: readonly MatchValue[]) => sql`(${sql.join(fields.map((expression, at) => {
    const entry = tuple[at]
    return entry === null || entry === undefined ? sql`${expression} is null` : sql`${expression} = ${value(entry)}`
  }), sql` and `)})`
  for (let i = 0; i < withNull.length; i += perQuery) conditions.push(sql`(${sql.join(withNull.slice(i, i + perQuery).map(nullable), sql` or `)})`)
  return conditions
}

/** How many statements `coveredRecordIds` runs for these claims: each reads the entity's stored records once. */
export function coveredLookups(fields: number, tuples: number): number {
  return Math.ceil(tuples / Math.max(1, Math.floor(valuesPerQuery / Math.max(1, fields))))
}

function field(dialect: StorageDialect, name: string): RawBuilder<unknown> {
  if (dialect === 'postgres') return sql`(data::json ->> ${name})`
  return sql`json_extract(data, ${`$."${name.replaceAll('"', '\\"')}"`})`
}

/** PostgreSQL's `->>` gives text; SQLite's json_extract gives true and false as 1 and 0. */
function bindable(dialect: StorageDialect, value: Exclude<MatchValue, null>): string | number {
  if (dialect === 'postgres') return String(value)
  return typeof value === 'boolean' ? Number(value) : value
}
