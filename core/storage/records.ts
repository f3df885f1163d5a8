import type { Transaction } from 'kysely'
import type { Database, Executor } from './database.js'
import { RecordHashes } from './record-hashes.js'


/** Stored hashes of one employer by entity. The only per-employer state a run keeps in memory. */
export type EmployerHashes = Map<string, RecordHashes>

export async function loadEmployerHashes(db: Executor, connectionId: string, employerId: string): Promise<EmployerHashes> {
  // Keyset chunks over the (connection, employer, entity, id) index: a large employer's rows
  // never sit in memory as one array, and no await per row (a row stream costs 10x more).
  const hashes: EmployerHashes = new Map()
  let after: { entity: string; id: string } | undefined
  for (;;) {
    let query = db
      .selectFrom('records')
      .select(['entity', 'id', 'hash'])
      .where('connection_id', '=', connectionId)
      .where('employer_id', '=', employerId)
    if (after) {
      const { entity, id } = after
      // A row-value comparison, so SQLite seeks in the index instead of scanning from the start.
      query = query.where((eb) => eb(eb.refTuple('entity', 'id'), '>', eb.tuple(entity, id)))
    }
    const rows = await query.orderBy('entity').orderBy('id').limit(hashChunk).execute()
    let table: RecordHashes | undefined
    let entity = ''
    for (const row of rows) {
      if (row.entity !== entity || !table) {
        entity = row.entity
        table = hashes.get(entity)
        if (!table) hashes.set(entity, (table = new RecordHashes()))
      }
      table.add(row.id, row.hash)
    }
    if (rows.length < hashChunk) return hashes
    after = rows[rows.length - 1]!
  }
}

const hashChunk = 5_000

/** Stored data of some records of one entity, by id (chunked `id IN (…)` on the primary key). */
export async function getRecordData(db: Executor, connectionId: string, entity: string, ids: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>()
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('records')
      .select(['id', 'data'])
      .where('connection_id', '=', connectionId)
      .where('entity', '=', entity)
      .where('id', 'in', ids.slice(i, i + 500))
      .execute()
    for (const row of rows) found.set(row.id, row.data)
  }
  return found
}

export interface RecordWrite {
  entity: string
  id: string
  employerId: string
  hash: string
  data: string
}

export async function upsertRecords(trx: Transaction<Database>, connectionId: string, writes: readonly RecordWrite[], now: string): Promise<void> {
  for (let i = 0; i < writes.length; i += 100) {
    const values = writes.slice(i, i + 100).map((w) => ({
      connection_id: connectionId, entity: w.entity, id: w.id, employer_id: w.employerId, hash: w.hash, data: w.data, updated_at: now,
    }))
    await trx
      .insertInto('records')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['connection_id', 'entity', 'id']).doUpdateSet((eb) => ({
          employer_id: eb.ref('excluded.employer_id'), hash: eb.ref('excluded.hash'), data: eb.ref('excluded.data'), updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute()
  }
}

export async function deleteRecords(trx: Transaction<Database>, connectionId: string, entity: string, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await trx
      .deleteFrom('records')
      .where('connection_id', '=', connectionId)
      .where('entity', '=', entity)
      .where('id', 'in', ids.slice(i, i + 500))
      .execute()
  }
}

/** A page of `GET /api/records/:entity`: after `after` in (connection, id) order, optionally narrowed. */
export interface RecordPageQuery {
  entity: string
  connection?: string
  /** (connection, source employer id) pairs; an empty list selects nothing. */
  employers?: readonly { connectionId: string; employerId: string }[]
  /** The last row of the previous page. */
  after?: { connection: string; id: string }
  limit: number
}

export interface RecordPageRow {
  connection_id: string
  id: string
  /** Canonical JSON of the record. */
  data: string
}

/**
 * Up to `limit` rows in (connection, id) order. Every form seeks on an index to its cursor
 * and reads only its rows (no sort): without a filter a row-value comparison on
 * `records_paging` (entity, connection, id); with a connection (or employers, which name
 * theirs) the cursor becomes `id > …` within that connection, since a row value after an
 * equality on its first column is not used to seek.
 */
export async function selectRecordPage(db: Executor, query: RecordPageQuery): Promise<RecordPageRow[]> {
  const { entity, connection, after, limit } = query
  let select = db.selectFrom('records').select(['connection_id', 'id', 'data']).where('entity', '=', entity)
  if (connection !== undefined) {
    if (after && after.connection > connection) return []
    select = select.where('connection_id', '=', connection)
    if (after && after.connection === connection) select = select.where('id', '>', after.id)
  }
  if (query.employers) {
    // Pairs of connections before the cursor's are done; the cursor's own goes on after its id.
    const pairs = query.employers.filter((pair) => !after || pair.connectionId >= after.connection)
    if (pairs.length === 0) return []
    select = select.where((eb) => eb.or(pairs.map((pair) => eb.and([
      eb('connection_id', '=', pair.connectionId),
      eb('employer_id', '=', pair.employerId),
      ...(after && pair.connectionId === after.connection ? [eb('id', '>', after.id)] : []),
    ]))))
  } else if (connection === undefined && after) {
    select = select.where((eb) => eb(eb.refTuple('connection_id', 'id'), '>', eb.tuple(after.connection, after.id)))
  }
  return select.orderBy('connection_id').orderBy('id').limit(limit).execute()
}
