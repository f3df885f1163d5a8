import { KoppelError } from '../core/errors.js'

/**
 * Turns a failed `listen` into a coded configuration error that names what to change, e.g.
 * `server.port: 0.0.0.0:8080 is already in use`; any other error is returned as it is.
 */
export function listenProblem(error: unknown, setting: string): unknown {
  const code = error instanceof Error && 'code' in error ? error.code : undefined
  const reason = code === 'EADDRINUSE' ? 'is already in use'
    : code === 'EACCES' ? 'needs more privileges (a port below 1024?)'
    : code === 'EADDRNOTAVAIL' ? 'is not an address of this machine'
    : undefined
  return reason ? new KoppelError('config_invalid', `${setting} ${reason}`, { cause: error }) : error
}
