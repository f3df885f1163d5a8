import { pluginApiVersion, type ConnectorDefinition } from './connector.js'
import { KoppelError } from './errors.js'

/** The connectors this gateway knows: built-ins plus those of the configured plugins. */
export interface Registry {
  get(id: string): ConnectorDefinition | undefined
  list(): ConnectorDefinition[]
}

/** A registry that is still being filled at start-up. */
export interface MutableRegistry extends Registry {
  /**
   * Adds a connector after checking its shape. `source` names where it came from (a plugin
   * spec) so that errors point at the right module. Throws `plugin_invalid`.
   */
  add(definition: ConnectorDefinition, source?: string): void
  /** The plugin spec a connector came from, or undefined for a built-in. */
  sourceOf(id: string): string | undefined
}

const kebabCase = /^[a-z0-9]+(-[a-z0-9]+)*$/
const statuses = ['stable', 'beta', 'stub']
const authKinds = ['oauth2-authorization-code', 'api-key', 'client-credentials', 'file', 'none']

/**
 * Everything wrong with a would-be connector definition, as short phrases
 * (`id "Foo" must be kebab-case`); empty when it is fine. Duck-typed on purpose: a plugin may
 * bring its own copy of zod, so `instanceof` would reject a valid schema.
 */
export function connectorDefinitionProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return ['is not an object made with defineConnector']
  const def = value as Record<string, unknown>
  const problems: string[] = []
  if (typeof def.id !== 'string' || !kebabCase.test(def.id)) problems.push(`id ${JSON.stringify(def.id)} must be kebab-case (a-z, 0-9, -)`)
  if (typeof def.displayName !== 'string' || def.displayName.trim() === '') problems.push('displayName must be a non-empty string')
  if (typeof def.status !== 'string' || !statuses.includes(def.status)) problems.push(`status must be one of ${statuses.join(', ')}`)
  if (typeof def.apiVersion !== 'number' || !Number.isInteger(def.apiVersion) || def.apiVersion < 1) {
    problems.push('apiVersion must be a positive integer')
  } else if (def.apiVersion > pluginApiVersion) {
    problems.push(`apiVersion ${def.apiVersion} is newer than this gateway's plugin API (${pluginApiVersion})`)
  }
  if (def.description !== undefined && typeof def.description !== 'string') problems.push('description must be a string')
  if (!isZodSchema(def.settings)) problems.push('settings must be a zod schema')
  problems.push(...authProblems(def.auth))
  if (typeof def.fetch !== 'function') problems.push('fetch must be a function')
  if (typeof def.normalize !== 'function') problems.push('normalize must be a function')
  for (const hook of ['resolveEmployers', 'check'] as const) {
    if (def[hook] !== undefined && typeof def[hook] !== 'function') problems.push(`${hook} must be a function when given`)
  }
  if (def.incremental !== undefined && typeof def.incremental !== 'boolean') problems.push('incremental must be a boolean when given')
  return problems
}

function authProblems(auth: unknown): string[] {
  if (typeof auth !== 'object' || auth === null) return ['auth must be an object with a kind']
  const { kind, endpoints } = auth as { kind?: unknown; endpoints?: unknown }
  if (typeof kind !== 'string' || !authKinds.includes(kind)) return [`auth.kind must be one of ${authKinds.join(', ')}`]
  if (kind === 'oauth2-authorization-code' && typeof endpoints !== 'function') return ['auth.endpoints(settings) is required for oauth2-authorization-code']
  return []
}

function isZodSchema(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false
  const schema = value as { safeParse?: unknown; parse?: unknown }
  return typeof schema.safeParse === 'function' && typeof schema.parse === 'function'
}

function fromWhere(source: string | undefined): string {
  return source === undefined ? '' : ` (from plugin ${source})`
}

/**
 * Makes a registry from explicit definitions (STYLE.md §6: no folder scans). Ids must be
 * unique across built-ins and plugins; a clash stops start-up.
 *
 * @example
 * const registry = createRegistry(builtinConnectors)
 * registry.add(plugin.connectors[0], './plugins/example-csv')
 */
export function createRegistry(definitions: readonly ConnectorDefinition[] = []): MutableRegistry {
  const byId = new Map<string, { definition: ConnectorDefinition; source: string | undefined }>()

  const add = (definition: ConnectorDefinition, source?: string): void => {
    const problems = connectorDefinitionProblems(definition)
    if (problems.length > 0) {
      const id = typeof definition?.id === 'string' ? ` "${definition.id}"` : ''
      throw new KoppelError('plugin_invalid', `invalid connector${id}${fromWhere(source)}: ${problems.join('; ')}`)
    }
    const existing = byId.get(definition.id)
    if (existing) {
      const first = existing.source === undefined ? 'a built-in connector' : `plugin ${existing.source}`
      throw new KoppelError('plugin_invalid', `duplicate connector id "${definition.id}"${fromWhere(source)}: already registered by ${first}`)
    }
    byId.set(definition.id, { definition, source })
  }

  for (const definition of definitions) add(definition)

  return {
    add,
    get: (id) => byId.get(id)?.definition,
    list: () => [...byId.values()].map((entry) => entry.definition),
    sourceOf: (id) => byId.get(id)?.source,
  }
}
