import { dirname, resolve } from 'node:path'
import { deepFreeze } from '../core/deep-freeze.js'
import type { Registry } from '../core/registry.js'
import { problemAt, type ConfigPath } from './config-problems.js'
import { checkReferences, isRecord } from './check-references.js'
import { expandVariables, pathKey } from './expand-variables.js'
import { parseConfigValue } from './parse-config-value.js'
import { readConfigDocument } from './read-config-document.js'
import { gatewayConfigSchema, type ConnectionConfig, type GatewayConfig } from './schema.js'

export interface LoadConfigOptions {
  /** The YAML file. Relative `${file:…}` and plugin paths are resolved against its folder. */
  path: string
  /** Source of `${VAR}`. Default `process.env`. */
  env?: Record<string, string | undefined>
  /** Builds the connector registry from the `plugins:` list (paths are relative to the config file's folder). Throws KoppelError('plugin_invalid', msg naming the plugin) on failure. */
  resolveRegistry: (plugins: string[], baseDir: string) => Promise<Registry>
}

export type LoadConfigResult = { ok: true; config: GatewayConfig; registry: Registry } | { ok: false; problems: string[] }

/** What `full_sync_schedule` becomes when only `schedule` is set: nightly at 02:30. */
export const defaultFullSyncSchedule = '30 2 * * *'

/**
 * Reads, expands and validates the gateway's YAML file (DESIGN.md §5) and builds the
 * registry from its `plugins:`. Never throws for a bad file: every problem comes back at
 * once as a `path: message` line (`connections[1].schedule: invalid cron expression "* * *"`),
 * for `tsx gateway.ts validate` to print before exiting with code 2.
 *
 * On success each connection's `settings` is the connector schema's output (defaults
 * applied) and `full_sync_schedule` is filled in when `schedule` is set. The config is
 * deep-frozen: read once at start-up, it is changed by nobody afterwards.
 *
 * @example
 * const loaded = await loadConfig({ path: 'config/gateway.yaml', resolveRegistry })
 * if (!loaded.ok) { for (const line of loaded.problems) console.error(line); process.exit(2) }
 */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadConfigResult> {
  const baseDir = dirname(resolve(options.path))
  const read = await readConfigDocument(options.path)
  if (!read.ok) return read

  const expansion = expandVariables(read.document, { env: options.env ?? process.env, baseDir })
  const document = expansion.value as Record<string, unknown>
  const parseOptions = { expandedPaths: expansion.expandedPaths, skipPaths: expansion.failedPaths }
  const problems = [...expansion.problems]

  let registry: Registry | undefined
  const plugins = document.plugins ?? []
  const pluginsUsable =
    Array.isArray(plugins) && plugins.every((plugin) => typeof plugin === 'string') && !expansion.failedPaths.some((path) => path[0] === 'plugins')
  if (pluginsUsable) {
    try {
      registry = await options.resolveRegistry(plugins, baseDir)
    } catch (error) {
      problems.push(pluginProblem(error, plugins))
    }
  }

  const parsed = parseConfigValue(gatewayConfigSchema, document, parseOptions)
  if (!parsed.ok) problems.push(...parsed.problems)
  problems.push(...checkReferences(document, registry))

  const settingsByIndex = new Map<number, Record<string, unknown>>()
  const connections: unknown[] = Array.isArray(document.connections) ? document.connections : []
  connections.forEach((connection, index) => {
    const definition = registry && isRecord(connection) && typeof connection.connector === 'string' ? registry.get(connection.connector) : undefined
    const settings = isRecord(connection) ? (connection.settings ?? {}) : undefined
    const basePath: ConfigPath = ['connections', index, 'settings']
    // `setings:` was reported as "did you mean settings?"; its missing keys would repeat that.
    if (!definition || !isRecord(settings) || (!parsed.ok && parsed.typoFor.has(pathKey(basePath)))) return
    const result = parseConfigValue(definition.settings, settings, { ...parseOptions, basePath })
    if (!result.ok) problems.push(...result.problems)
    else if (isRecord(result.data)) settingsByIndex.set(index, result.data)
    else problems.push(problemAt(basePath, `connector "${definition.id}" has a settings schema that does not produce a mapping`))
  })

  if (problems.length > 0 || !parsed.ok || !registry) return { ok: false, problems: [...new Set(problems)] }
  const config: GatewayConfig = {
    ...parsed.data,
    connections: parsed.data.connections.map((connection, index): ConnectionConfig => ({
      ...connection,
      full_sync_schedule: connection.full_sync_schedule ?? (connection.schedule === undefined ? undefined : defaultFullSyncSchedule),
      settings: settingsByIndex.get(index) ?? connection.settings,
    })),
  }
  deepFreeze(config)
  return { ok: true, config, registry }
}

/** Names the `plugins[i]` an error is about when its message or details mention the entry. */
function pluginProblem(error: unknown, plugins: readonly string[]): string {
  const message = error instanceof Error ? error.message : String(error)
  const details: unknown = error instanceof Error && 'details' in error ? error.details : undefined
  const named = isRecord(details) && typeof details.plugin === 'string' ? details.plugin : undefined
  let index = named === undefined ? -1 : plugins.indexOf(named)
  if (index === -1) {
    // The longest entry the message mentions, so `./a` does not win over `./a-b`.
    let longest = 0
    plugins.forEach((plugin, at) => {
      if (plugin.length > longest && message.includes(plugin)) [index, longest] = [at, plugin.length]
    })
  }
  return index === -1 ? problemAt(['plugins'], message) : problemAt(['plugins', index], message)
}
