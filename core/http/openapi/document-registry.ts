import { z } from 'zod'

/**
 * The named schemas of `/openapi.json` (`#/components/schemas/<id>`). A schema added here is
 * emitted once under its id and referenced with `$ref` wherever it is used.
 */
export const documentRegistry = z.registry<{ id: string; description?: string }>()

/** Registers `schema` as the component `id` and returns it, so a definition reads `const x = named('X', z.object(...))`. */
export function named<T extends z.ZodType>(id: string, schema: T, description?: string): T {
  documentRegistry.add(schema, description === undefined ? { id } : { id, description })
  return schema
}

export const componentRef = (id: string) => `#/components/schemas/${id}`
