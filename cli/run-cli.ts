import { parseArgs } from 'node:util'
import { generateEncryptionKey } from '../core/auth/vault.js'
import { KoppelError } from '../core/errors.js'
import { configPath, loadCliConfig } from './load-cli-config.js'
import type { GatewayConfig } from '../config/schema.js'
import type { Registry } from '../core/registry.js'
import { healthcheckCommand } from './healthcheck-command.js'
import { listenProblem } from './listen-problem.js'
import { reportCliError } from './report-cli-error.js'

// Each command imports what it runs when it runs (`await import`): under tsx every module
// costs a round trip to the loader, and `help`, `keygen` or a Docker HEALTHCHECK every few
// seconds should not pay seconds for the gateway, the sandbox and the demo they never use.

const usage = `usage: node --import tsx gateway.ts <command> [--config FILE]   (npm start = start)
  start                       run the gateway (HTTP API, schedules, webhook delivery)
  validate                    check the configuration and print a summary
  sync <connection>           run one sync in the foreground [--force] [--mode full|incremental]
  authorize <connection>      print the payroll system's consent URL (the gateway must be running)
  check <connection>          verify credentials and the rights per employer
  connectors                  list the connectors
  keygen                      print a new encryption key
  backup <file>               write a consistent copy of the SQLite database to a new file (safe while running)
  prune                       apply the retention windows now and print what was removed
  healthcheck                 exit 0 when the configured gateway answers /healthz (Docker HEALTHCHECK)
  sandbox loket               run the simulated Loket.nl with its control API [--port N] [--employees N per employer]
  demo                        the whole job end to end, offline
  help                        this text
exit codes: 0 ok, 1 failure, 2 bad configuration, environment or usage, 3 a run held by the delete guard
set KOPPEL_DEBUG=1 to see the stack trace of an unexpected error`

export interface CliCommands {
  /** The long-running gateway, composed in gateway.ts. */
  start(loaded: { config: GatewayConfig; registry: Registry }): Promise<number>
}

/** Parses argv, runs the command, and returns its exit code; every failure is one line on stderr. */
export async function runCli(argv: string[], commands: CliCommands): Promise<number> {
  let storagePath: string | undefined
  try {
    const { values, positionals } = parseArgs({
      args: argv, allowPositionals: true,
      options: {
        config: { type: 'string' }, force: { type: 'boolean' }, mode: { type: 'string' }, port: { type: 'string' },
        employees: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    })
    const [command, arg, ...extra] = positionals
    if (values.help || command === 'help') return print(usage)
    if (!command) throw badUsage('no command given (see --help)')
    if (extra.length) throw badUsage(`unexpected argument "${extra[0]}" (see --help)`)
    const config = async () => {
      const loaded = await loadCliConfig(configPath(values.config))
      storagePath = loaded.config.storage.driver === 'sqlite' ? loaded.config.storage.path : undefined
      return loaded
    }
    /** The connection named on the command line, checked before anything is opened. */
    const connection = async () => {
      const loaded = await config()
      if (!arg) throw badUsage(`${command} needs a connection id (configured: ${ids(loaded.config)})`)
      if (!loaded.config.connections.some((c) => c.id === arg)) throw badUsage(`unknown connection "${arg}" (configured: ${ids(loaded.config)})`)
      return { loaded, id: arg }
    }
    switch (command) {
      case 'validate': {
        const { config: c, registry } = await config()
        const { describeStorage } = await import('../core/storage/open-database.js')
        return print(`ok: ${c.connections.length} connection(s), ${c.webhooks.length} webhook(s), ${registry.list().length} connector(s), database ${describeStorage(c.storage)}`)
      }
      case 'start': {
        const loaded = await config()
        try {
          return await commands.start(loaded)
        } catch (error) {
          throw listenProblem(error, `server.port: ${loaded.config.server.host}:${loaded.config.server.port}`)
        }
      }
      case 'sync': {
        const mode = values.mode
        if (mode !== undefined && mode !== 'full' && mode !== 'incremental') throw badUsage('--mode is full or incremental')
        const { loaded, id } = await connection()
        const { syncCommand } = await import('./gateway-commands.js')
        return await syncCommand(loaded, id, { force: values.force ?? false, mode })
      }
      case 'authorize': {
        const { loaded, id } = await connection()
        const { authorizeCommand } = await import('./gateway-commands.js')
        return await authorizeCommand(loaded, id)
      }
      case 'check': {
        const { loaded, id } = await connection()
        const { checkCommand } = await import('./gateway-commands.js')
        return await checkCommand(loaded, id)
      }
      case 'connectors': {
        const { builtinConnectors } = await import('../connectors/index.js')
        return print(builtinConnectors.map((c) => `${c.id.padEnd(14)} ${c.status.padEnd(7)} ${c.auth.kind.padEnd(26)} ${c.displayName}`).join('\n'))
      }
      case 'keygen': return print(generateEncryptionKey())
      case 'backup': {
        const loaded = await config()
        const { backupCommand } = await import('./backup-command.js')
        return await backupCommand(loaded.config, arg)
      }
      case 'prune': {
        const loaded = await config()
        const { pruneCommand } = await import('./prune-command.js')
        return await pruneCommand(loaded)
      }
      case 'healthcheck': return await healthcheckCommand((await config()).config)
      case 'sandbox': {
        const { sandboxCommand } = await import('./sandbox-commands.js')
        return await sandboxCommand(arg ?? 'loket', { port: values.port ?? '8081', employees: values.employees ?? '25' })
      }
      case 'demo': {
        const { demoCommand } = await import('./sandbox-commands.js')
        return await demoCommand()
      }
      default: throw badUsage(`unknown command "${command}" (see --help)`)
    }
  } catch (error) {
    return reportCliError(error, { storagePath, debug: Boolean(process.env.KOPPEL_DEBUG) })
  }
}

const ids = (config: GatewayConfig) => config.connections.map((c) => c.id).join(', ') || 'none'

const badUsage = (message: string): KoppelError => new KoppelError('usage_invalid', message)

function print(text: string, code = 0): number {
  process.stdout.write(`${text}\n`)
  return code
}
