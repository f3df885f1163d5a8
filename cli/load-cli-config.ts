import { existsSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import type { GatewayConfig } from '../config/schema.js'
import type { Registry } from '../core/registry.js'

/** `--config`, else `KOPPEL_CONFIG`, else `config/gateway.yaml`. */
export function configPath(flag: string | undefined): string {
  return flag ?? process.env.KOPPEL_CONFIG ?? 'config/gateway.yaml'
}

/**
 * Plugin paths are resolved against the config file's folder; when nothing is there, against
 * the working directory (DESIGN.md's example names `./plugins/…` beside `config/`).
 */
async function resolveRegistry(plugins: string[], baseDir: string): Promise<Registry> {
  const specs = plugins.map((spec) => {
    if (!spec.startsWith('.') || isAbsolute(spec) || existsSync(resolve(baseDir, spec))) return spec
    const fromCwd = resolve(process.cwd(), spec)
    return existsSync(fromCwd) ? fromCwd : spec
  })
  const { gatewayRegistry } = await import('./gateway-registry.js')
  return gatewayRegistry(specs, baseDir)
}

/** Loads and validates the config; on problems prints each as `path: message` and exits 2. */
export async function loadCliConfig(path: string): Promise<{ config: GatewayConfig; registry: Registry }> {
  // Imported on first use: `help` and `keygen` never read a config (cli/run-cli.ts).
  const { loadConfig } = await import('../config/load-config.js')
  const loaded = await loadConfig({ path, resolveRegistry })
  if (loaded.ok) return loaded
  process.stderr.write(`invalid configuration (${path}):\n${loaded.problems.map((p) => `  ${p}`).join('\n')}\n`)
  process.exit(2)
}
