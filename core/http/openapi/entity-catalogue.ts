import type { z } from 'zod'
import { entities, entitySchemas, type Entity } from '../../model/index.js'

/**
 * The document's one view of the entity registry (core/model): which entities exist, in
 * order, and the zod schema of each record. Everything entity-shaped in `/openapi.json`
 * (record components, event types, run counts, the `entity` enums) is derived from here, so
 * a new entity in the model shows up in the document without touching anything else.
 */
export interface DocumentedEntity {
  entity: Entity
  /** The component name: `working_hours` → `WorkingHours`. */
  component: string
  schema: z.ZodType
}

export const documentedEntities: readonly DocumentedEntity[] = entities.map((entity) => ({
  entity,
  component: pascalCase(entity),
  schema: entitySchemas[entity] as z.ZodType,
}))

export const entityNames = entities as readonly Entity[] as [Entity, ...Entity[]]

export function pascalCase(name: string): string {
  return name.split(/[_.\-]/).map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('')
}
