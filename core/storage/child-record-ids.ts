import { sql } from 'kysely'
import { storageDialect } from './dialect.js'
import type { Db } from './open-database.js'

/**
 * The stored ids of one employer's `entity` records whose `parentField` (e.g. `employmentId`
 * of a wage) is one of `parentIds`: the children a vanished parent keeps from deletion.
 * Read from the record's JSON: the records table has no parent column, and this runs only
 * for the few records a run reports vanished. (SQLite's `json_extract`, PostgreSQL's `->>`.)
 */
export async function childRecordIds(
  db: Db, connectionId: string, employerId: string, entity: string, parentField: string, parentIds: readonly string[],
): Promise<string[]> {
  const ids: string[] = []
  const parent = storageDialect(db) === 'postgres' ? sql<string>`(data::jsonb ->> CAST(${parentField} AS text))` : sql<string>`json_extract(data, ${`$.${parentField}`})`
  for (let i = 0; i < parentIds.length; i += 500) {
    const rows = await db
      .selectFrom('records')
      .select('id')
      .where('connection_id', '=', connectionId)
      .where('employer_id', '=', employerId)
      .where('entity', '=', entity)
      .where(parent, 'in', parentIds.slice(i, i + 500))
      .execute()
    for (const row of rows) ids.push(row.id)
  }
  return ids
}
