import type { z } from 'zod'
import { KoppelError } from '../errors.js'
import { childSchema, employeeSchema, employerSchema, employmentSchema, partnerSchema, payrollResultSchema, wageSchema, workingHoursSchema } from './entities.js'

/** One entity of the canonical model (DESIGN.md §3). */
export interface EntityDefinition {
  /** snake_case: the `entity` of records and mutations, the `:entity` of the routes, the first half of event types. */
  readonly name: string
  /** Validates a normalized record; every record has its `id` and its `employerId`. */
  readonly schema: z.ZodType<{ id: string; employerId: string }>
  /** The entity this one hangs from (DESIGN.md §3, in brackets), or null for the root. */
  readonly parent: string | null
}

/**
 * Every entity, once. The entity list, the apply order, the event types and the routes are
 * derived from this list, so adding an entity is one entry here plus its schema (and its
 * `z.infer` type) in entities.ts. The order of the entries is the order of lists shown to
 * people; the apply order comes from `parent`, not from the position.
 *
 * @example
 * { name: 'partner', schema: partnerSchema, parent: 'employee' },
 */
export const entityRegistry = [
  { name: 'employer', schema: employerSchema, parent: null },
  { name: 'employee', schema: employeeSchema, parent: 'employer' },
  { name: 'partner', schema: partnerSchema, parent: 'employee' },
  { name: 'child', schema: childSchema, parent: 'employee' },
  { name: 'employment', schema: employmentSchema, parent: 'employee' },
  { name: 'working_hours', schema: workingHoursSchema, parent: 'employment' },
  { name: 'wage', schema: wageSchema, parent: 'employment' },
  { name: 'payroll_result', schema: payrollResultSchema, parent: 'employment' },
] as const satisfies readonly EntityDefinition[]

type Registered = (typeof entityRegistry)[number]

export type Entity = Registered['name']

/** The record type of each entity, by name. */
export type EntityRecords = { [D in Registered as D['name']]: z.infer<D['schema']> }

/** One canonical record tagged with its entity, as `normalize` returns them. */
export type CanonicalRecord = { [E in Entity]: { entity: E; record: EntityRecords[E] } }[Entity]

/** The entity names in registry order. */
export const entities: readonly Entity[] = Object.freeze(entityRegistry.map((definition) => definition.name))

export const entitySchemas = Object.freeze(
  Object.fromEntries(entityRegistry.map((definition) => [definition.name, definition.schema])),
) as { readonly [D in Registered as D['name']]: D['schema'] }

export function isEntity(value: string): value is Entity {
  return Object.hasOwn(entitySchemas, value)
}

/**
 * The entities with every parent before its children (ties keep the given order). Throws
 * `internal_error` on a parent that is not listed or on a cycle: a registry mistake must stop
 * start-up rather than leave records counted but never applied.
 */
export function parentsFirst<Name extends string>(definitions: ReadonlyArray<{ readonly name: Name; readonly parent: string | null }>): Name[] {
  const byName = new Map<string, { readonly name: Name; readonly parent: string | null }>(definitions.map((definition) => [definition.name, definition]))
  if (byName.size !== definitions.length) throw new KoppelError('internal_error', 'entity registry: an entity is listed twice')
  const order: Name[] = []
  const placed = new Set<string>()
  const visiting = new Set<string>()
  const place = (name: string, child: string | null): void => {
    if (placed.has(name)) return
    const definition = byName.get(name)
    if (!definition) throw new KoppelError('internal_error', `entity registry: "${child}" has parent "${name}", which is not an entity`)
    if (visiting.has(name)) throw new KoppelError('internal_error', `entity registry: "${name}" is its own ancestor`)
    visiting.add(name)
    if (definition.parent !== null) place(definition.parent, name)
    visiting.delete(name)
    placed.add(name)
    order.push(definition.name)
  }
  for (const definition of definitions) place(definition.name, null)
  return order
}

/** Creates and updates go parents first, so a consumer never sees a child before its parent. */
export const entityCreateOrder: readonly Entity[] = Object.freeze(parentsFirst(entityRegistry))

/** Deletes go children first, so a consumer never holds a child whose parent is gone. */
export const entityDeleteOrder: readonly Entity[] = Object.freeze([...entityCreateOrder].reverse())
