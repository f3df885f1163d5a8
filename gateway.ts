/**
 * Koppel's composition root and CLI: `tsx gateway.ts <command>`. `start` is composed here:
 * config → logger → gateway (database, registry, runner, outbox, dispatcher, routes) →
 * HTTP server, schedules and delivery; SIGTERM/SIGINT stop them in reverse order. The other
 * commands live in cli/.
 */
import { once } from 'node:events'
import { runCli } from './cli/run-cli.js'
import type { GatewayConfig } from './config/schema.js'
import { limitHeapGrowth } from './core/heap-growth.js'
import type { Registry } from './core/registry.js'

async function start({ config, registry }: { config: GatewayConfig; registry: Registry }): Promise<number> {
  // Loaded here, not at the top: the other commands never need the gateway (cli/run-cli.ts).
  const [{ serve }, { createGateway }, { createLogger }] = await Promise.all([import('@hono/node-server'), import('./core/create-gateway.js'), import('./core/logger.js')])
  const log = createLogger({ level: config.log.level })
  const gateway = await createGateway(config, registry, log, { ownsRuns: true })
  const server = serve({ fetch: gateway.app.fetch, hostname: config.server.host, port: config.server.port })
  // A port in use must not leave the database and the runner open behind a one-line error.
  await once(server, 'listening').catch(async (error: unknown) => {
    await gateway.close()
    throw error
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : config.server.port
  gateway.dispatcher.start()
  gateway.scheduler.start()
  gateway.pruner.start()
  log.info({ host: config.server.host, port, connections: config.connections.length, webhooks: config.webhooks.length }, 'koppel started')

  const signal = await new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'))
    process.once('SIGINT', () => resolve('SIGINT'))
  })
  log.info({ signal }, 'shutting down')
  await new Promise<void>((resolve) => server.close(() => resolve()))
  await gateway.close()
  log.info({}, 'stopped')
  return 0
}

limitHeapGrowth()
process.exitCode = await runCli(process.argv.slice(2), { start })
