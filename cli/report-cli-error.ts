import { isKoppelError, type ErrorCode } from '../core/errors.js'

/**
 * Codes that mean bad configuration, environment or usage: exit 2 (DESIGN §8). `not_found`
 * is an unknown connection named on the command line, `conflict` a command that does not
 * fit the connection's connector (authorize on a CSV connection).
 */
const setupCodes: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'config_invalid', 'plugin_invalid', 'vault_key_invalid', 'usage_invalid', 'not_found', 'conflict', 'not_implemented', 'connection_disabled',
])

/** SQLite's answers when the file at storage.path cannot be opened or written. */
const storageCodes = /^SQLITE_(CANTOPEN|READONLY|NOTADB|PERM|IOERR|CORRUPT|FULL)/

/** errno codes of the file system and the network stack that the operator fixes, not the code. */
const environmentCodes = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR', 'ENOENT', 'ENOSPC', 'EEXIST', 'EADDRINUSE', 'EADDRNOTAVAIL'])

export interface CliErrorContext {
  /** The configured storage.path, once the configuration is loaded. */
  storagePath?: string
  /** Print the stack of unexpected errors (KOPPEL_DEBUG=1). */
  debug?: boolean
}

/**
 * Prints a failed command's error as one line on stderr and returns its exit code: 2 for
 * configuration, environment and usage problems, 1 for everything else. A stack trace only
 * with `debug`, since it shows the operator nothing they can act on.
 */
export function reportCliError(error: unknown, context: CliErrorContext = {}): number {
  const line = (text: string, code: number) => {
    process.stderr.write(`${oneLine(text)}\n`)
    if (context.debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`)
    return code
  }
  if (isKoppelError(error)) return setupCodes.has(error.code) ? line(error.message, 2) : line(`error: ${error.code}: ${error.message}`, 1)
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined
  const message = error instanceof Error ? error.message : String(error)
  // parseArgs adds a sentence on `--` that only confuses here.
  if (code?.startsWith('ERR_PARSE_ARGS')) return line(`${message.split('. ')[0]} (see --help)`, 2)
  if (code && storageCodes.test(code)) return line(`storage.path: ${context.storagePath ?? ''}: ${message}`.replace(': : ', ': '), 2)
  if (code && environmentCodes.has(code)) {
    const path = 'path' in (error as object) ? String((error as { path: unknown }).path) : undefined
    const aboutStorage = path !== undefined && context.storagePath !== undefined && context.storagePath.startsWith(path)
    return line(aboutStorage ? `storage.path: ${message}` : message, 2)
  }
  return line(`error: ${message}`, 1)
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim()
}
