/**
 * A small JSON Schema (2020-12) validator for the keywords `/openapi.json` uses, so the
 * conformance test checks real answers against the generated document itself rather than
 * against the zod schemas it was generated from. A keyword it does not know is reported as
 * an error: the document cannot slip in a rule this validator would silently ignore.
 */
export type Schema = Record<string, unknown>

const annotations = new Set(['description', 'title', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly'])
const formats: Record<string, (value: string) => boolean> = {
  'date-time': (value) => !Number.isNaN(Date.parse(value)),
  uri: (value) => URL.canParse(value),
}

export function validateSchema(root: unknown, schema: Schema | boolean, value: unknown, path = '$'): string[] {
  if (schema === true) return []
  if (schema === false) return [`${path}: no value is allowed here`]
  const errors: string[] = []
  const fail = (message: string) => errors.push(`${path}: ${message}`)
  for (const [keyword, rule] of Object.entries(schema)) {
    if (annotations.has(keyword)) continue
    switch (keyword) {
      case '$ref':
        errors.push(...validateSchema(root, resolveRef(root, rule as string), value, path))
        break
      case 'type': {
        const types = Array.isArray(rule) ? (rule as string[]) : [rule as string]
        if (!types.some((type) => hasType(value, type))) fail(`expected ${types.join(' or ')}, got ${describe(value)}`)
        break
      }
      case 'const':
        if (JSON.stringify(value) !== JSON.stringify(rule)) fail(`expected ${JSON.stringify(rule)}, got ${JSON.stringify(value)}`)
        break
      case 'enum':
        if (!(rule as unknown[]).some((option) => JSON.stringify(option) === JSON.stringify(value))) fail(`${JSON.stringify(value)} is not one of ${JSON.stringify(rule)}`)
        break
      case 'properties':
        if (isObject(value)) {
          for (const [name, sub] of Object.entries(rule as Record<string, Schema>)) {
            if (name in value) errors.push(...validateSchema(root, sub, value[name], `${path}.${name}`))
          }
        }
        break
      case 'required':
        if (isObject(value)) for (const name of rule as string[]) if (!(name in value)) fail(`missing required property "${name}"`)
        break
      case 'additionalProperties':
        if (isObject(value)) {
          const known = new Set(Object.keys((schema.properties as Record<string, unknown> | undefined) ?? {}))
          for (const [name, sub] of Object.entries(value)) {
            if (!known.has(name)) errors.push(...validateSchema(root, rule as Schema | boolean, sub, `${path}.${name}`).map((e) => (rule === false ? `${path}: unexpected property "${name}"` : e)))
          }
        }
        break
      case 'propertyNames':
        if (isObject(value)) for (const name of Object.keys(value)) errors.push(...validateSchema(root, rule as Schema, name, `${path}[key ${name}]`))
        break
      case 'items':
        if (Array.isArray(value)) value.forEach((item, index) => errors.push(...validateSchema(root, rule as Schema, item, `${path}[${index}]`)))
        break
      case 'minItems':
        if (Array.isArray(value) && value.length < (rule as number)) fail(`fewer than ${rule} items`)
        break
      case 'maxItems':
        if (Array.isArray(value) && value.length > (rule as number)) fail(`more than ${rule} items`)
        break
      case 'anyOf':
        if (!(rule as Schema[]).some((option) => validateSchema(root, option, value, path).length === 0)) fail(`matches none of anyOf: ${firstErrors(root, rule as Schema[], value, path)}`)
        break
      case 'oneOf': {
        const matching = (rule as Schema[]).filter((option) => validateSchema(root, option, value, path).length === 0).length
        if (matching !== 1) fail(`matches ${matching} of oneOf (exactly one needed): ${firstErrors(root, rule as Schema[], value, path)}`)
        break
      }
      case 'allOf':
        for (const option of rule as Schema[]) errors.push(...validateSchema(root, option, value, path))
        break
      case 'minLength':
        if (typeof value === 'string' && [...value].length < (rule as number)) fail(`shorter than ${rule}`)
        break
      case 'maxLength':
        if (typeof value === 'string' && [...value].length > (rule as number)) fail(`longer than ${rule}`)
        break
      case 'pattern':
        if (typeof value === 'string' && !new RegExp(rule as string, 'u').test(value)) fail(`does not match ${rule}`)
        break
      case 'format':
        if (!formats[rule as string]) fail(`unsupported format "${rule}"`)
        else if (typeof value === 'string' && !formats[rule as string]!(value)) fail(`not a valid ${rule}`)
        break
      case 'minimum':
        if (typeof value === 'number' && value < (rule as number)) fail(`below ${rule}`)
        break
      case 'maximum':
        if (typeof value === 'number' && value > (rule as number)) fail(`above ${rule}`)
        break
      case 'exclusiveMinimum':
        if (typeof value === 'number' && value <= (rule as number)) fail(`not above ${rule}`)
        break
      case 'exclusiveMaximum':
        if (typeof value === 'number' && value >= (rule as number)) fail(`not below ${rule}`)
        break
      default:
        fail(`unsupported JSON Schema keyword "${keyword}"`)
    }
  }
  return errors
}

export function resolveRef(root: unknown, ref: string): Schema {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported: ${ref}`)
  let node: unknown = root
  for (const part of ref.slice(2).split('/')) node = isObject(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined
  if (!isObject(node)) throw new Error(`unresolvable $ref ${ref}`)
  return node
}

function firstErrors(root: unknown, options: Schema[], value: unknown, path: string): string {
  return options.map((option) => validateSchema(root, option, value, path)[0]).filter(Boolean).slice(0, 3).join(' | ')
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null': return value === null
    case 'object': return isObject(value)
    case 'array': return Array.isArray(value)
    case 'integer': return Number.isInteger(value)
    case 'number': return typeof value === 'number' && Number.isFinite(value)
    case 'string': return typeof value === 'string'
    case 'boolean': return typeof value === 'boolean'
    default: throw new Error(`unknown JSON Schema type "${type}"`)
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
const describe = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value)
