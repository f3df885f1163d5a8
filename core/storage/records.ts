import { sql, type Transaction } from 'kysely'
import type { Database, Executor } from './database.js'
import { storageDialect } from './dialect.js'
import { preparedQuery } from './prepared-query.js'
import { copyEmployerHashes } from './copy-hashes.js'
import { postgresPool } from './open-postgres.js'
import { RecordHashes } from './record-hashes.js'


/** Stored hashes of one employer by entity. The only per-employer state a run keeps in memory. */
export type EmployerHashes = Map<string, RecordHashes>

export async function loadEmployerHashes(db: Executor, connectionId: string, employerId: string): Promise<EmployerHashes> {
  const scope = { connectionId, employerId }
  if (storageDialect(db) === 'postgres') {
    const pool = postgresPool(db)
    if (pool) return copyEmployerHashes(pool, scope)
    return db.isTransaction ? loadHashesByCursor(db, scope) : db.transaction().execute((trx) => loadHashesByCursor(trx, scope))
  }
  // SQLite: per entity, keyset chunks over the covering employer index (0012), each chunk's
  // rows packed into one text by SQLite (`packedChunk`) and parsed from its bytes: a row
  // object and two strings per record cost 0.5-0.7 s for 400k. A chunk with an id or hash
  // that is not ASCII is read again as rows.
  const hashes: EmployerHashes = new Map()
  for (let entity = await firstEntity(db, scope); entity !== undefined; entity = await entityAfter(db, { ...scope, entity })) {
    const size = (await entitySizeQuery(db, { ...scope, entity })).rows[0]
    const table = new RecordHashes(size && { records: Number(size.records), idChars: Number(size.idChars ?? 0) })
    hashes.set(entity, table)
    for (let after: string | undefined; ;) {
      const values = { ...scope, entity, after: after ?? '', limit: hashChunk }
      const chunk = (await (after === undefined ? packedFrom : packedAfter)(db, values)).rows[0]
      const count = Number(chunk?.count ?? 0)
      if (count === 0) break
      if (Number(chunk!.wide) === 0) addPacked(table, latin1Bytes(chunk!.packed!))
      else for (const row of (await (after === undefined ? hashesFrom : hashesAfter)(db, values)).rows) table.add(row.id, row.hash)
      if (count < hashChunk) break
      after = chunk!.last!
    }
  }
  return hashes
}

/**
 * PostgreSQL inside a transaction (which has no pool to COPY on, copy-hashes.ts): one scan
 * through a server-side cursor, fetched in chunks. Keyset chunks cost
 * an index descent and a heap visit per row each (about 5 ms per 5,000 rows, 84 chunks for
 * 100k employees), and a count per entity scanned the employer again: 1.0 s to load 400k
 * hashes, against 0.52-0.59 s now. The tables are sized from one grouped count first; the
 * next chunk is asked for before this one is added, so the server reads it meanwhile.
 */
async function loadHashesByCursor(trx: Executor, scope: EmployerScope): Promise<EmployerHashes> {
  const hashes: EmployerHashes = new Map()
  const sizes = await sql<{ entity: string; records: number | string; idChars: number | string }>`
    SELECT entity, count(*) AS records, sum(length(id)) AS "idChars" FROM records
    WHERE connection_id = ${scope.connectionId} AND employer_id = ${scope.employerId} GROUP BY entity`.execute(trx)
  for (const size of sizes.rows) hashes.set(size.entity, new RecordHashes({ records: Number(size.records), idChars: Number(size.idChars) }))
  if (hashes.size === 0) return hashes
  await sql`DECLARE koppel_stored_hashes NO SCROLL CURSOR FOR SELECT entity, id, hash FROM records
    WHERE connection_id = ${scope.connectionId} AND employer_id = ${scope.employerId}`.execute(trx)
  const fetchChunk = () => sql<{ entity: string; id: string; hash: string }>`FETCH ${sql.raw(String(cursorChunk))} FROM koppel_stored_hashes`.execute(trx)
  let next = fetchChunk()
  for (;;) {
    const rows = (await next).rows
    if (rows.length === cursorChunk) next = fetchChunk()
    let entity: string | undefined
    let table: RecordHashes | undefined
    for (const row of rows) {
      if (row.entity !== entity) {
        entity = row.entity
        table = hashes.get(entity)
        // An entity committed between the count and the cursor's snapshot starts unsized.
        if (!table) hashes.set(entity, (table = new RecordHashes()))
      }
      table!.add(row.id, row.hash)
    }
    if (rows.length < cursorChunk) break
  }
  await sql`CLOSE koppel_stored_hashes`.execute(trx)
  return hashes
}

const cursorChunk = 20_000

type EmployerScope = { connectionId: string; employerId: string }
const employerRecords = (db: Executor, v: EmployerScope) => db.selectFrom('records').where('connection_id', '=', v.connectionId).where('employer_id', '=', v.employerId)
const firstEntity = async (db: Executor, v: EmployerScope) => (await firstEntityQuery(db, v)).rows[0]?.entity
const entityAfter = async (db: Executor, v: EmployerScope & { entity: string }) => (await entityAfterQuery(db, v)).rows[0]?.entity
const firstEntityQuery = preparedQuery((db, v: EmployerScope) => employerRecords(db, v).select('entity').orderBy('entity').limit(1))
const entityAfterQuery = preparedQuery((db, v: EmployerScope & { entity: string }) =>
  employerRecords(db, v).select('entity').where('entity', '>', v.entity).orderBy('entity').limit(1))
const entitySizeQuery = preparedQuery((db, v: EmployerScope & { entity: string }) => employerRecords(db, v).where('entity', '=', v.entity)
  .select((eb) => [eb.fn.countAll<number | string>().as('records'), eb.fn.sum<number | string | null>(sql<number>`length(id)`).as('idChars')]))
type ChunkValues = EmployerScope & { entity: string; after: string; limit: number }
/** An entity's (id, hash) in id order, the first `limit` (`first`) or those after `after`. */
const chunkRows = (db: Executor, v: ChunkValues, first: boolean) => {
  const rows = employerRecords(db, v).select(['id', 'hash']).where('entity', '=', v.entity)
  return (first ? rows : rows.where('id', '>', v.after)).orderBy('id').limit(v.limit)
}
const hashesFrom = preparedQuery((db, v: ChunkValues) => chunkRows(db, v, true))
const hashesAfter = preparedQuery((db, v: ChunkValues) => chunkRows(db, v, false))

const hashChunk = 5_000

/**
 * One keyset chunk of an entity's (id, hash) as `<id length>:<id><hash length>:<hash>`
 * repeated, with its row count, its last id and whether any id or hash is not ASCII (SQLite's
 * `length` counts characters, and stops at a NUL; the text's byte length differs then).
 */
const packedChunk = (db: Executor, v: ChunkValues, first: boolean) => db.selectFrom(chunkRows(db, v, first).as('chunk')).select([
  sql<number>`count(*)`.as('count'),
  sql<string | null>`max(id)`.as('last'),
  sql<number | null>`max(length(CAST(id AS BLOB)) != length(id) OR length(CAST(hash AS BLOB)) != length(hash))`.as('wide'),
  sql<string | null>`group_concat(length(id) || ':' || id || length(hash) || ':' || hash, '')`.as('packed'),
])
const packedFrom = preparedQuery((db, v: ChunkValues) => packedChunk(db, v, true))
const packedAfter = preparedQuery((db, v: ChunkValues) => packedChunk(db, v, false))

let scratch = Buffer.allocUnsafe(0)
/**
 * A packed chunk's bytes, in one buffer reused by every chunk: a new one per chunk (about 250
 * KB with payroll ids, 320 of them for 1.6M records) raised a payroll resync's peak RSS by
 * 5-10 MB. Used at once and synchronously, so loads never share it.
 */
function latin1Bytes(text: string): Buffer {
  if (scratch.length < text.length) scratch = Buffer.allocUnsafe(Math.max(text.length, scratch.length * 2))
  return scratch.subarray(0, scratch.write(text, 0, 'latin1'))
}

/** Adds a packed chunk's records (ASCII, one byte per character). */
function addPacked(table: RecordHashes, bytes: Buffer): void {
  const colon = 58
  const length = (at: number): [number, number] => {
    let value = 0
    for (; bytes[at] !== colon; at++) {
      const digit = bytes[at]! - 48
      if (!(digit >= 0 && digit <= 9)) throw new Error('stored hashes: a packed chunk without its lengths')
      value = value * 10 + digit
    }
    return [value, at + 1]
  }
  for (let at = 0; at < bytes.length;) {
    const [idLength, idStart] = length(at)
    const [hashLength, hashStart] = length(idStart + idLength)
    at = hashStart + hashLength
    if (at > bytes.length) throw new Error('stored hashes: a packed chunk cut short')
    table.addAscii(bytes, idStart, idStart + idLength, hashStart, at)
  }
}

/** Stored data of some records of one entity, by id (chunked `id IN (…)` on the primary key). */
export async function getRecordData(db: Executor, connectionId: string, entity: string, ids: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>()
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db
      .selectFrom('records')
      .select(['id', 'data'])
      .where('connection_id', '=', connectionId)
      .where('entity', '=', entity)
      .where('id', 'in', ids.slice(i, i + 1000))
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
  for (let i = 0; i < writes.length; i += 500) {
    const values = writes.slice(i, i + 500).map((w) => ({
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
