import { KoppelError } from '../../errors.js'
import { connectionRowExists } from '../../storage/employer-lookup.js'
import type { Db } from '../../storage/open-database.js'

/** What the lookups need of the configured connections. */
export interface KnownConnection {
  id: string
  /** The `employers:` entries as written in the YAML. */
  employers: readonly string[]
}

export interface ConnectionLookupDeps {
  db: Db
  config: { connections: readonly KnownConnection[] }
}

/**
 * A `connection` named in a query must exist (DESIGN §6: a 404, never an empty list): it is
 * configured, or the database still holds its state (data of a connection since removed
 * from the YAML stays readable).
 */
export async function requireKnownConnection(deps: ConnectionLookupDeps, connectionId: string | undefined): Promise<void> {
  // An empty `connection=` filters nothing, as before.
  if (connectionId === undefined || connectionId === '') return
  if (deps.config.connections.some((connection) => connection.id === connectionId)) return
  if (await connectionRowExists(deps.db, connectionId)) return
  throw new KoppelError('not_found', `connection "${connectionId}" not found`)
}
