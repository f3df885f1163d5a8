import { entities, type Entity } from '../model/index.js'

export interface EntityCounts {
  fetched: number
  created: number
  updated: number
  deleted: number
  unchanged: number
  invalid: number
  /** Named by a listing but gone when read (a 404, DESIGN §4): skipped, its stored version kept. */
  vanished: number
}

export type RunCounts = Record<Entity, EntityCounts>

export function emptyCounts(): RunCounts {
  return Object.fromEntries(
    entities.map((entity) => [entity, { fetched: 0, created: 0, updated: 0, deleted: 0, unchanged: 0, invalid: 0, vanished: 0 }]),
  ) as RunCounts
}

export function addCounts(into: RunCounts, from: RunCounts): RunCounts {
  for (const entity of entities) {
    for (const key of Object.keys(into[entity]) as Array<keyof EntityCounts>) into[entity][key] += from[entity][key]
  }
  return into
}
