import type { Transaction } from 'kysely'
import type { Database } from './database.js'
import type { Db } from './open-database.js'

type Executor = Db | Transaction<Database>

/** Key of a record inside one employer's hash map. */
export const recordKey = (entity: string, id: string) => `${entity}\u0000${id}`

/** Every stored (entity, id) → hash of one employer: the only per-employer state a run keeps in memory. */
export async function loadEmployerHashes(db: Executor, connectionId: string, employerId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('records')
    .select(['entity', 'id', 'hash'])
    .where('connection_id', '=', connectionId)
    .where('employer_id', '=', employerId)
    .execute()
  const hashes = new Map<string, string>()
  for (const row of rows) hashes.set(recordKey(row.entity, row.id), row.hash)
  return hashes
}

export async function getRecordData(db: Executor, connectionId: string, keys: ReadonlyArray<{ entity: string; id: string }>): Promise<Map<string, string>> {
  const found = new Map<string, string>()
  for (let i = 0; i < keys.length; i += 400) {
    const chunk = keys.slice(i, i + 400)
    const rows = await db
      .selectFrom('records')
      .select(['entity', 'id', 'data'])
      .where('connection_id', '=', connectionId)
      .where((eb) => eb.or(chunk.map((key) => eb.and([eb('entity', '=', key.entity), eb('id', '=', key.id)]))))
      .execute()
    for (const row of rows) found.set(recordKey(row.entity, row.id), row.data)
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

export async function deleteRecords(trx: Transaction<Database>, connectionId: string, keys: ReadonlyArray<{ entity: string; id: string }>): Promise<void> {
  for (let i = 0; i < keys.length; i += 400) {
    const chunk = keys.slice(i, i + 400)
    await trx
      .deleteFrom('records')
      .where('connection_id', '=', connectionId)
      .where((eb) => eb.or(chunk.map((key) => eb.and([eb('entity', '=', key.entity), eb('id', '=', key.id)]))))
      .execute()
  }
}
