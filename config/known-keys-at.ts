import type { z } from 'zod'

/** The parts of a zod 4 schema's definition (`schema._zod.def`) this walk reads. */
interface SchemaDefinition {
  type: string
  shape?: Record<string, z.core.$ZodType>
  element?: z.core.$ZodType
  innerType?: z.core.$ZodType
  in?: z.core.$ZodType
  getter?: () => z.core.$ZodType
  options?: readonly z.core.$ZodType[]
  left?: z.core.$ZodType
  right?: z.core.$ZodType
  valueType?: z.core.$ZodType
  items?: readonly z.core.$ZodType[]
}

/**
 * The keys an object schema knows at `path` inside `schema` (`['webhooks', 0]` →
 * `id`, `url`, `secret`, …), to suggest the nearest one for an unknown key. Works for any
 * connector's settings schema: it follows wrappers (default, optional, transform, lazy),
 * lists, records, unions and intersections. Empty when the path leads to no object schema.
 */
export function knownKeysAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  let current: z.core.$ZodType[] = [schema]
  for (const segment of path) current = current.flatMap((item) => childSchemas(item, segment))
  return [...new Set(current.flatMap(objectKeys))]
}

function definitionOf(schema: z.core.$ZodType): SchemaDefinition {
  return schema._zod.def as unknown as SchemaDefinition
}

/** The schema itself with its wrappers taken off; a union or intersection gives each part. */
function unwrap(schema: z.core.$ZodType, depth = 0): z.core.$ZodType[] {
  if (depth > 32) return []
  const definition = definitionOf(schema)
  const inner = definition.innerType ?? definition.in ?? definition.getter?.()
  if (inner) return unwrap(inner, depth + 1)
  if (definition.type === 'union' && definition.options) return definition.options.flatMap((option) => unwrap(option, depth + 1))
  if (definition.type === 'intersection' && definition.left && definition.right) return [...unwrap(definition.left, depth + 1), ...unwrap(definition.right, depth + 1)]
  return [schema]
}

function childSchemas(schema: z.core.$ZodType, segment: PropertyKey): z.core.$ZodType[] {
  return unwrap(schema).flatMap((item) => {
    const definition = definitionOf(item)
    if (definition.type === 'object' && typeof segment === 'string') {
      const child = definition.shape && Object.hasOwn(definition.shape, segment) ? definition.shape[segment] : undefined
      return child ? [child] : []
    }
    if (definition.type === 'array' && typeof segment === 'number' && definition.element) return [definition.element]
    if (definition.type === 'tuple' && typeof segment === 'number') return definition.items?.[segment] ? [definition.items[segment]] : []
    if (definition.type === 'record' && definition.valueType) return [definition.valueType]
    return []
  })
}

function objectKeys(schema: z.core.$ZodType): string[] {
  return unwrap(schema).flatMap((item) => {
    const definition = definitionOf(item)
    return definition.type === 'object' && definition.shape ? Object.keys(definition.shape) : []
  })
}
