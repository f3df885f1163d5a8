import { parseArgs } from 'node:util'
import { generateEncryptionKey } from '../core/auth/vault.js'
import { builtinConnectors } from '../connectors/index.js'
import { isKoppelError } from '../core/errors.js'
import { configPath, loadCliConfig, UsageError } from './load-cli-config.js'
import { authorizeCommand, checkCommand, syncCommand } from './gateway-commands.js'
import type { GatewayConfig } from '../config/schema.js'
import type { Registry } from '../core/registry.js'
import { demoCommand, sandboxCommand } from './sandbox-commands.js'

const usage = `usage: tsx gateway.ts <command> [--config FILE]
  start                       run the gateway (HTTP API, schedules, webhook delivery)
  validate                    check the configuration and print a summary
  sync <connection>           run one sync in the foreground [--force] [--mode full|incremental]
  authorize <connection>      print the payroll system's consent URL
  check <connection>          verify credentials and the rights per employer
  connectors                  list the connectors
  keygen                      print a new encryption key
  sandbox loket               run the simulated Loket.nl [--port N] [--employees N]
  demo                        the whole job end to end, offline
exit codes: 0 ok, 1 failure, 2 bad configuration or usage, 3 a run held by the delete guard`

/** Parses argv, runs the command, and returns its exit code. */
export interface CliCommands {
  /** The long-running gateway, composed in gateway.ts. */
  start(loaded: { config: GatewayConfig; registry: Registry }): Promise<number>
}

export async function runCli(argv: string[], commands: CliCommands): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv, allowPositionals: true,
      options: {
        config: { type: 'string' }, force: { type: 'boolean' }, mode: { type: 'string' }, port: { type: 'string' },
        employees: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    })
    const [command, arg] = positionals
    if (values.help || !command) return print(usage, command ? 0 : 2)
    const config = () => loadCliConfig(configPath(values.config))
    const needArg = () => arg ?? fail(`${command} needs a connection id`)
    switch (command) {
      case 'validate': {
        const { config: c, registry } = await config()
        return print(`ok: ${c.connections.length} connection(s), ${c.webhooks.length} webhook(s), ${registry.list().length} connector(s), database ${c.storage.path}`)
      }
      case 'start': return commands.start(await config())
      case 'sync': {
        const mode = values.mode === undefined ? undefined : values.mode === 'full' || values.mode === 'incremental' ? values.mode : fail('--mode is full or incremental')
        return syncCommand(await config(), needArg(), { force: values.force ?? false, mode })
      }
      case 'authorize': return authorizeCommand(await config(), needArg())
      case 'check': return checkCommand(await config(), needArg())
      case 'connectors':
        return print(builtinConnectors.map((c) => `${c.id.padEnd(14)} ${c.status.padEnd(7)} ${c.auth.kind.padEnd(26)} ${c.displayName}`).join('\n'))
      case 'keygen': return print(generateEncryptionKey())
      case 'sandbox': return sandboxCommand(arg ?? 'loket', { port: Number(values.port ?? 8081), employees: Number(values.employees ?? 25) })
      case 'demo': return demoCommand()
      default: return fail(`unknown command "${command}"`)
    }
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`${error.message}\n${usage}\n`)
      return 2
    }
    if (isKoppelError(error)) {
      process.stderr.write(`error: ${error.code}: ${error.message}\n`)
      return error.code === 'config_invalid' || error.code === 'plugin_invalid' || error.code === 'vault_key_invalid' ? 2 : 1
    }
    throw error
  }
}

function print(text: string, code = 0): number {
  process.stdout.write(`${text}\n`)
  return code
}

function fail(message: string): never {
  throw new UsageError(message)
}
