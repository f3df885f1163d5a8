import { builtinConnectors } from '../connectors/index.js'
import { buildRegistry } from '../core/plugin-loader.js'
import type { Registry } from '../core/registry.js'

/** The registry of this gateway build: every built-in connector, then the YAML's plugins. */
export function gatewayRegistry(specs: string[], baseDir: string): Promise<Registry> {
  return buildRegistry(builtinConnectors, specs, baseDir)
}
