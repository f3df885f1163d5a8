import type { Entity } from '../model/index.js'
import { entityRegistry } from '../model/index.js'
import { childRecordIds } from '../storage/child-record-ids.js'
import type { Db } from '../storage/open-database.js'
import type { EmployerHashes } from '../storage/records.js'
import type { RunCounts } from './entity-counts.js'

export interface VanishedRecord {
  entity: Entity
  id: string
}

/** Collects what one employer's fetch reports vanished (`ctx.vanished`). */
export function createVanishedLog(): { report(entity: Entity, id: string): void; readonly records: readonly VanishedRecord[] } {
  const records: VanishedRecord[] = []
  const seen = new Set<string>()
  return {
    report(entity, id) {
      const key = `${entity}\u0000${id}`
      if (seen.has(key)) return
      seen.add(key)
      records.push({ entity, id })
    },
    records,
  }
}

/**
 * A record the source named but answered 404 for went away between the list and the read
 * (DESIGN §4): it is counted `vanished`, and it and its stored descendants (an employment's
 * wages and working hours) are marked seen, so that no delete of this run (a full run's, or a
 * re-read chain's) touches them. The next run settles them. A child names its parent in the
 * field `<parent in camelCase>Id` (`employmentId`, `employeeId`), as every entity does.
 */
export async function keepVanished(
  db: Db, scope: { connectionId: string; employerId: string }, hashes: EmployerHashes, vanished: readonly VanishedRecord[], counts: RunCounts,
): Promise<void> {
  for (const { entity } of vanished) counts[entity].vanished++
  await keepWithDescendants(db, scope, hashes, vanished)
}

/** A source record the connector could not make valid (`ctx.invalid`): reason names where and why, never the value. */
export interface InvalidSourceRecord extends VanishedRecord {
  reason: string
}

/**
 * Source records the connector reported invalid (`ctx.invalid`, e.g. a file row with a bad
 * date): counted `fetched` and `invalid`, listed (up to `maxListed`), and kept with their
 * descendants like a vanished record: the stored version stays, no delete touches them.
 */
export async function keepInvalid(
  db: Db, scope: { connectionId: string; employerId: string }, hashes: EmployerHashes, reported: readonly InvalidSourceRecord[], counts: RunCounts,
  listed: Array<{ entity: string; id: string; reason: string }>, maxListed = 100,
): Promise<void> {
  for (const { entity, id, reason } of reported) {
    counts[entity].fetched++
    counts[entity].invalid++
    if (listed.length < maxListed) listed.push({ entity, id, reason })
  }
  await keepWithDescendants(db, scope, hashes, reported)
}

async function keepWithDescendants(
  db: Db, scope: { connectionId: string; employerId: string }, hashes: EmployerHashes, records: readonly VanishedRecord[],
): Promise<void> {
  let level = new Map<string, string[]>()
  for (const { entity, id } of records) {
    const ids = level.get(entity)
    if (ids) ids.push(id)
    else level.set(entity, [id])
  }
  while (level.size > 0) {
    const next = new Map<string, string[]>()
    for (const [entity, ids] of level) {
      const table = hashes.get(entity)
      for (const id of ids) {
        const slot = table ? table.find(id) : -1
        if (slot !== -1) table!.markSeen(slot)
      }
      for (const child of entityRegistry.filter((definition) => definition.parent === entity)) {
        const childIds = await childRecordIds(db, scope.connectionId, scope.employerId, child.name, `${camel(entity)}Id`, ids)
        if (childIds.length > 0) next.set(child.name, [...(next.get(child.name) ?? []), ...childIds])
      }
    }
    level = next
  }
}

function camel(name: string): string {
  return name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase())
}
