import type { SyncMode } from '../connector.js'
import type { Db } from '../storage/open-database.js'
import { getRecordData, type EmployerHashes } from '../storage/records.js'
import type { CompleteReads } from './complete-reads.js'

/** Unseen ids whose stored data is read at once to test them against the claims. */
const chunk = 500

/**
 * The records one employer's completed fetch shows to be gone (DESIGN.md §4: deletes only
 * from a complete read). A full run deletes every stored record it did not see, except those
 * of `partialReads` entities; those, and in an incremental run everything, are deleted only
 * where a `complete` claim covers the unseen record. Only unseen records are read back, so a
 * full run with claims costs next to nothing when little went away.
 */
export async function inferDeletes(input: {
  db: Db
  connectionId: string
  mode: SyncMode
  hashes: EmployerHashes
  claims: CompleteReads
  partialReads: ReadonlySet<string>
}): Promise<Array<{ entity: string; id: string }>> {
  const { db, connectionId, hashes, claims } = input
  const deletes: Array<{ entity: string; id: string }> = []
  const byClaim = new Set(claims.entities())
  for (const [entity, table] of hashes) {
    const whole = input.mode === 'full' && !input.partialReads.has(entity)
    if (whole) {
      for (const id of table.unseen()) deletes.push({ entity, id })
      continue
    }
    if (!byClaim.has(entity)) continue
    let ids: string[] = []
    const test = async () => {
      const stored = await getRecordData(db, connectionId, entity, ids)
      for (const [id, data] of stored) {
        if (claims.covers(entity, JSON.parse(data) as Record<string, unknown>)) deletes.push({ entity, id })
      }
      ids = []
    }
    for (const id of table.unseen()) {
      ids.push(id)
      if (ids.length >= chunk) await test()
    }
    if (ids.length > 0) await test()
  }
  return deletes
}
