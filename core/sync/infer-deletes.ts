import type { SyncMode } from '../connector.js'
import type { Db } from '../storage/open-database.js'
import { coveredLookups, coveredRecordIds } from '../storage/covered-records.js'
import { getRecordData, type EmployerHashes } from '../storage/records.js'
import type { RecordHashes } from '../storage/record-hashes.js'
import type { CompleteReads } from './complete-reads.js'

/** Unseen ids whose stored data is read at once to test them against the claims. */
const chunk = 500
/**
 * Reading an unseen record back (its data into the process, JSON.parse, the test) costs about
 * this many times what the database's own lookup costs per stored record and statement
 * (measured on SQLite with 900-byte payroll results: 14 µs against 4–6 µs).
 */
const readBackCost = 3

/**
 * The records one employer's completed fetch shows to be gone (DESIGN.md §4: deletes only
 * from a complete read). A full run deletes every stored record it did not see, except those
 * of `partialReads` entities; those, and in an incremental run everything, are deleted only
 * where a `complete` claim covers the unseen record. Only unseen records are read back, so a
 * full run with claims costs next to nothing when little went away. When most of an entity
 * went unseen (an incremental run that re-read two payroll periods of twelve), the database
 * finds the records the claims cover instead, and only those are read back.
 */
export async function inferDeletes(input: {
  db: Db
  connectionId: string
  employerId: string
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
    const candidates = await claimedCandidates(input, entity, table)
    let ids: string[] = []
    const test = async () => {
      const stored = await getRecordData(db, connectionId, entity, ids)
      for (const [id, data] of stored) {
        if (claims.covers(entity, JSON.parse(data) as Record<string, unknown>)) deletes.push({ entity, id })
      }
      ids = []
    }
    for (const id of candidates ?? table.unseen()) {
      ids.push(id)
      if (ids.length >= chunk) await test()
    }
    if (ids.length > 0) await test()
  }
  return deletes
}

/**
 * The unseen records the database finds covered by `entity`'s claims, or null when reading the
 * unseen records back is cheaper (few unseen, or so many claims that the lookups would scan
 * the entity's records again and again).
 */
async function claimedCandidates(
  input: { db: Db; connectionId: string; employerId: string; claims: CompleteReads },
  entity: string,
  table: RecordHashes,
): Promise<string[] | null> {
  const claims = input.claims.claimsOf(entity)
  const lookups = claims.reduce((sum, claim) => sum + coveredLookups(claim.fields.length, claim.tuples.length), 0)
  if (lookups * table.size >= table.unseenCount * readBackCost) return null
  const unseen = new Set<string>()
  for (const { fields, tuples } of claims) {
    for (const id of await coveredRecordIds(input.db, { connectionId: input.connectionId, employerId: input.employerId, entity, fields, tuples })) {
      const slot = table.find(id)
      if (slot !== -1 && !table.isSeen(slot)) unseen.add(id)
    }
  }
  return [...unseen]
}
