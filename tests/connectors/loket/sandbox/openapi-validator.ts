import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The subset of OpenAPI 3.0 schema objects the Loket spec uses in its responses. */
export interface SchemaObject {
  $ref?: string
  type?: string
  format?: string
  nullable?: boolean
  properties?: Record<string, SchemaObject>
  items?: SchemaObject
  allOf?: SchemaObject[]
  enum?: unknown[]
  maxLength?: number
  minLength?: number
  minimum?: number
  maximum?: number
  pattern?: string
}

interface OpenApiDocument {
  paths: Record<string, { get?: { responses: Record<string, { content?: Record<string, { schema: SchemaObject }> }> } }>
}

/** Where the official OpenAPI document may live: $LOKET_OPENAPI, the repo's reference/, the shared folder. */
const candidates = [
  process.env.LOKET_OPENAPI,
  fileURLToPath(new URL('../../../../reference/loket-openapi.json', import.meta.url)),
  fileURLToPath(new URL('../../../../../shared/reference/loket-openapi.json', import.meta.url)),
].filter((candidate): candidate is string => Boolean(candidate))

export const specPath: string | undefined = candidates.find((candidate) => existsSync(candidate))

let cached: OpenApiDocument | undefined
export function loadSpec(): OpenApiDocument {
  if (!specPath) throw new Error('loket-openapi.json not found')
  cached ??= JSON.parse(readFileSync(specPath, 'utf8')) as OpenApiDocument
  return cached
}

/** The 200 schema of `GET path` for the media type carrying `version` (newest when omitted). */
export function responseSchema(spec: OpenApiDocument, path: string, version?: string): SchemaObject {
  const content = spec.paths[path]?.get?.responses['200']?.content
  if (!content) throw new Error(`no 200 response for GET ${path}`)
  const types = Object.keys(content).sort()
  const chosen = version ? types.find((type) => type.endsWith(`version=${version}`)) : types[types.length - 1]
  const schema = chosen ? content[chosen]?.schema : undefined
  if (!schema) throw new Error(`no schema for GET ${path} version ${version ?? 'newest'}`)
  return schema
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const datePattern = /^\d{4}-\d{2}-\d{2}$/

function resolveRef(spec: unknown, ref: string): SchemaObject {
  let node: unknown = spec
  for (const part of ref.replace(/^#\//, '').split('/')) node = (node as Record<string, unknown>)[part]
  if (!node) throw new Error(`unresolvable $ref ${ref}`)
  return node as SchemaObject
}

/** All properties an object schema allows, merged over `allOf`. */
function collectProperties(spec: unknown, schema: SchemaObject): Record<string, SchemaObject> | undefined {
  const resolved = schema.$ref ? resolveRef(spec, schema.$ref) : schema
  if (resolved.allOf) {
    const merged: Record<string, SchemaObject> = {}
    for (const part of resolved.allOf) Object.assign(merged, collectProperties(spec, part) ?? {})
    return merged
  }
  return resolved.properties
}

/**
 * Validates `value` against `schema` and returns the problems as "path: message". Unknown
 * properties are errors (the sandbox must use only the spec's field names).
 */
export function validate(spec: unknown, schema: SchemaObject, value: unknown, path = '$'): string[] {
  const resolved = schema.$ref ? resolveRef(spec, schema.$ref) : schema
  if (value === null) return resolved.nullable || resolved.allOf?.some((part) => part.nullable) ? [] : [`${path}: null is not allowed`]
  const errors: string[] = []
  const properties = collectProperties(spec, resolved)
  const type = resolved.type ?? (properties ? 'object' : undefined)
  if (type === 'object' || properties) {
    if (typeof value !== 'object' || Array.isArray(value)) return [`${path}: expected an object`]
    for (const [key, child] of Object.entries(value)) {
      const childSchema = properties?.[key]
      if (!childSchema) errors.push(`${path}.${key}: not in the spec`)
      else errors.push(...validate(spec, childSchema, child, `${path}.${key}`))
    }
    return errors
  }
  if (type === 'array') {
    if (!Array.isArray(value)) return [`${path}: expected an array`]
    value.forEach((item, index) => { if (resolved.items) errors.push(...validate(spec, resolved.items, item, `${path}[${index}]`)) })
    return errors
  }
  if (type === 'string') {
    if (typeof value !== 'string') return [`${path}: expected a string, got ${typeof value}`]
    if (resolved.format === 'date' && !datePattern.test(value)) errors.push(`${path}: not a date`)
    if (resolved.format === 'uuid' && !uuidPattern.test(value)) errors.push(`${path}: not a uuid`)
    if (resolved.maxLength !== undefined && value.length > resolved.maxLength) errors.push(`${path}: longer than ${resolved.maxLength}`)
    if (resolved.minLength !== undefined && value.length < resolved.minLength) errors.push(`${path}: shorter than ${resolved.minLength}`)
  } else if (type === 'integer' || type === 'number') {
    if (typeof value !== 'number' || (type === 'integer' && !Number.isInteger(value))) return [`${path}: expected ${type}`]
    if (resolved.minimum !== undefined && value < resolved.minimum) errors.push(`${path}: below ${resolved.minimum}`)
    if (resolved.maximum !== undefined && value > resolved.maximum) errors.push(`${path}: above ${resolved.maximum}`)
  } else if (type === 'boolean') {
    if (typeof value !== 'boolean') return [`${path}: expected a boolean`]
  }
  if (resolved.enum && !resolved.enum.includes(value)) errors.push(`${path}: not one of the enum values`)
  if (resolved.pattern && (typeof value === 'string' || typeof value === 'number')) {
    // The spec's patterns come from .NET, where they are applied case-insensitively to ids.
    let regex: RegExp | undefined
    try { regex = new RegExp(resolved.pattern, 'i') } catch { regex = undefined }
    if (regex && !regex.test(String(value))) errors.push(`${path}: does not match ${resolved.pattern.slice(0, 40)}`)
  }
  return errors
}
