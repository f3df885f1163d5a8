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
  let level = new Map<string, string[]>()
  for (const { entity, id } of vanished) {
    counts[entity].vanished++
    level.set(entity, [...(level.get(entity) ?? []), id])
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
