import { resolveRef, type Schema } from './json-schema-validator.js'

const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']
const schemaKeywords = new Set([
  '$ref', 'type', 'const', 'enum', 'properties', 'required', 'additionalProperties', 'propertyNames', 'items', 'minItems',
  'maxItems', 'anyOf', 'oneOf', 'allOf', 'minLength', 'maxLength', 'pattern', 'format', 'minimum', 'maximum',
  'exclusiveMinimum', 'exclusiveMaximum', 'description', 'title', 'default', 'examples',
])

/**
 * The structural rules of OpenAPI 3.1 that matter for a consumer's generator: required
 * fields, status keys, path parameters matching the template, unique operation ids, every
 * `$ref` resolving, security schemes that exist, and schemas using only keywords the
 * conformance validator checks. Returns the problems found.
 */
export function checkOpenApiStructure(doc: Record<string, unknown>): string[] {
  const problems: string[] = []
  const info = doc.info as Record<string, unknown> | undefined
  if (typeof doc.openapi !== 'string' || !/^3\.1\.\d+$/.test(doc.openapi)) problems.push('openapi must be 3.1.x')
  if (typeof info?.title !== 'string' || typeof info.version !== 'string') problems.push('info.title and info.version are required')
  const schemes = ((doc.components as Record<string, unknown>)?.securitySchemes ?? {}) as Record<string, unknown>
  const operationIds = new Set<string>()

  const checkOperation = (where: string, op: Record<string, unknown>, template?: string) => {
    const id = op.operationId
    if (typeof id === 'string') {
      if (operationIds.has(id)) problems.push(`${where}: duplicate operationId ${id}`)
      operationIds.add(id)
    }
    const responses = op.responses as Record<string, Record<string, unknown>> | undefined
    if (!responses || Object.keys(responses).length === 0) problems.push(`${where}: no responses`)
    for (const [status, response] of Object.entries(responses ?? {})) {
      if (!/^([1-5](\d\d|XX)|default)$/.test(status)) problems.push(`${where}: bad status key ${status}`)
      if (typeof response.description !== 'string') problems.push(`${where} ${status}: description is required`)
    }
    const params = (op.parameters ?? []) as Array<Record<string, unknown>>
    for (const param of params) {
      if (typeof param.name !== 'string' || !['query', 'header', 'path', 'cookie'].includes(param.in as string)) problems.push(`${where}: bad parameter ${JSON.stringify(param)}`)
      if (param.in === 'path' && param.required !== true) problems.push(`${where}: path parameter ${String(param.name)} must be required`)
    }
    if (template !== undefined) {
      const inTemplate = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
      const declared = params.filter((p) => p.in === 'path').map((p) => p.name as string).sort()
      if (JSON.stringify(inTemplate) !== JSON.stringify(declared)) problems.push(`${where}: path parameters ${declared} do not match the template`)
    }
    for (const requirement of (op.security ?? []) as Array<Record<string, unknown>>) {
      for (const name of Object.keys(requirement)) if (!(name in schemes)) problems.push(`${where}: unknown security scheme ${name}`)
    }
  }

  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Record<string, Record<string, unknown>>>)) {
    if (!path.startsWith('/')) problems.push(`path ${path} must start with /`)
    for (const [method, op] of Object.entries(item)) {
      if (!methods.includes(method)) problems.push(`${path}: unknown method ${method}`)
      else checkOperation(`${method.toUpperCase()} ${path}`, op, path)
    }
  }
  for (const [name, item] of Object.entries((doc.webhooks ?? {}) as Record<string, Record<string, Record<string, unknown>>>)) {
    if (!item.post?.requestBody) problems.push(`webhook ${name}: post with a requestBody is required`)
    for (const [method, op] of Object.entries(item)) checkOperation(`webhook ${name} ${method}`, op)
  }

  walk(doc, '$', (node, where, parentKey) => {
    if (typeof node.$ref === 'string') {
      try {
        resolveRef(doc, node.$ref)
      } catch (error) {
        problems.push(`${where}: ${(error as Error).message}`)
      }
    }
    if (parentKey === 'schema' || /^\$\.components\.schemas\.[^.]+$/.test(where)) {
      checkKeywords(node as Schema, where, problems)
    }
  })
  return problems
}

function checkKeywords(schema: Schema, where: string, problems: string[]): void {
  for (const key of Object.keys(schema)) if (!schemaKeywords.has(key)) problems.push(`${where}: unchecked schema keyword ${key}`)
}

/** Visits every object once with its path; `parentKey` is the key it hangs under. Descends into schemas only where they are schemas. */
function walk(node: unknown, where: string, visit: (node: Record<string, unknown>, where: string, parentKey: string) => void, parentKey = ''): void {
  if (Array.isArray(node)) node.forEach((item, index) => walk(item, `${where}[${index}]`, visit, parentKey))
  else if (typeof node === 'object' && node !== null) {
    const object = node as Record<string, unknown>
    visit(object, where, parentKey)
    for (const [key, value] of Object.entries(object)) {
      // Inside a schema, `properties` maps names (not keywords) to schemas.
      const childParent = parentKey === 'properties-map' ? 'schema' : key === 'properties' ? 'properties-map' : ['items', 'additionalProperties', 'propertyNames', 'anyOf', 'oneOf', 'allOf'].includes(key) ? 'schema' : key
      walk(value, `${where}.${key}`, visit, childParent)
    }
  }
}
