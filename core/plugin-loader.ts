import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ConnectorDefinition, PluginDefinition } from './connector.js'
import { KoppelError } from './errors.js'
import { connectorDefinitionProblems, createRegistry, type Registry } from './registry.js'
import { resolveSdkForPlugins } from './sdk-resolution.js'

export interface LoadedPlugin {
  /** The spec as written under `plugins:` in the YAML. */
  spec: string
  plugin: PluginDefinition
}

/**
 * Imports the plugins listed under `plugins:`. A spec starting with `.` or `/` is a path
 * resolved against `baseDir` (the config file's folder): a file, or a folder whose
 * `package.json` `main`, `index.ts` or `index.js` is loaded. Anything else is a package name,
 * imported as Koppel itself would import it. TypeScript plugins work because the gateway runs
 * under tsx. A plugin imports `koppel/sdk`, which resolves to this gateway's own SDK wherever
 * the plugin lives (see `resolveSdkForPlugins`). Every failure is `plugin_invalid` naming the spec.
 *
 * @example
 * await loadPlugins(['./plugins/example-csv', '@acme/koppel-hr'], '/etc/koppel')
 */
export async function loadPlugins(specs: string[], baseDir: string): Promise<LoadedPlugin[]> {
  const loaded: LoadedPlugin[] = []
  if (specs.length > 0) resolveSdkForPlugins()
  for (const spec of specs) {
    const fail = (what: string, cause?: unknown): KoppelError =>
      new KoppelError('plugin_invalid', `plugin "${spec}": ${what}`, { cause, details: { plugin: spec } })
    const target = isPathSpec(spec) ? pathToFileURL(resolveEntry(spec, baseDir, fail)).href : spec
    let module: Record<string, unknown>
    try {
      module = (await import(target)) as Record<string, unknown>
    } catch (error) {
      throw fail(`failed to import: ${error instanceof Error ? error.message : String(error)}`, error)
    }
    loaded.push({ spec, plugin: checkPlugin(module.default, fail) })
  }
  return loaded
}

/**
 * The registry the gateway runs with: the built-in connectors the composition root hands in,
 * then each plugin's.
 */
export async function buildRegistry(builtins: readonly ConnectorDefinition[], specs: string[], baseDir: string): Promise<Registry> {
  const registry = createRegistry(builtins)
  for (const { spec, plugin } of await loadPlugins(specs, baseDir)) {
    for (const connector of plugin.connectors) registry.add(connector, spec)
  }
  return registry
}

function isPathSpec(spec: string): boolean {
  return spec.startsWith('.') || path.isAbsolute(spec)
}

function resolveEntry(spec: string, baseDir: string, fail: (what: string) => KoppelError): string {
  const target = path.resolve(baseDir, spec)
  if (!existsSync(target)) throw fail(`nothing found at ${target}`)
  if (!statSync(target).isDirectory()) return target
  const main = packageMain(target, fail)
  const candidates = main === undefined ? ['index.ts', 'index.js'] : [main]
  const entry = candidates.map((name) => path.join(target, name)).find((file) => existsSync(file))
  if (entry === undefined) throw fail(`folder ${target} has no ${candidates.join(' or ')}`)
  return entry
}

function packageMain(folder: string, fail: (what: string) => KoppelError): string | undefined {
  const manifest = path.join(folder, 'package.json')
  if (!existsSync(manifest)) return undefined
  try {
    const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { main?: unknown }
    return typeof parsed.main === 'string' ? parsed.main : undefined
  } catch {
    throw fail(`package.json in ${folder} is not valid JSON`)
  }
}

function checkPlugin(value: unknown, fail: (what: string) => KoppelError): PluginDefinition {
  if (value === undefined) throw fail('has no default export (export default definePlugin({ name, connectors }))')
  if (typeof value !== 'object' || value === null) throw fail('default export is not a plugin made with definePlugin')
  const plugin = value as { name?: unknown; connectors?: unknown }
  if (typeof plugin.name !== 'string' || plugin.name.trim() === '') throw fail('name must be a non-empty string')
  if (!Array.isArray(plugin.connectors) || plugin.connectors.length === 0) throw fail('connectors must be a non-empty array')
  const problems = plugin.connectors.flatMap((connector: unknown, index) => {
    const found = connectorDefinitionProblems(connector)
    const id = (connector as { id?: unknown } | null)?.id
    const label = typeof id === 'string' ? `connector "${id}"` : `connector #${index + 1}`
    return found.length === 0 ? [] : [`${label}: ${found.join('; ')}`]
  })
  if (problems.length > 0) throw fail(problems.join('; '))
  return value as PluginDefinition
}
