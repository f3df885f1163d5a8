import type { GatewayConfig } from '../config/schema.js'
import { createGateway } from '../core/create-gateway.js'
import type { Registry } from '../core/registry.js'
import { cliLogger } from './gateway-commands.js'

/** `prune`: applies `retention:` now, beside a running gateway or not, and prints what went. */
export async function pruneCommand(loaded: { config: GatewayConfig; registry: Registry }): Promise<number> {
  const gateway = await createGateway(loaded.config, loaded.registry, cliLogger(loaded.config))
  try {
    const started = Date.now()
    const counts = await gateway.pruner.pruneNow()
    const { retention } = loaded.config
    process.stdout.write(`pruned (mutations ${retention.mutations}, deliveries ${retention.deliveries}, runs ${retention.runs}): ` +
      `${counts.deliveries} deliveries, ${counts.mutations} mutations, ${counts.events} events, ${counts.runs} runs, ` +
      `${counts.stagedRecords} staged records, in ${Date.now() - started} ms\n`)
    return 0
  } finally {
    await gateway.close()
  }
}
