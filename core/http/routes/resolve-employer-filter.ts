import { KoppelError } from '../../errors.js'
import { findEmployerId, listConnectionIds } from '../../storage/employer-lookup.js'
import type { ConnectionLookupDeps } from './require-known-connection.js'

/** The (connection, source employer id) pairs a records query is narrowed to. */
export type EmployerFilter = Array<{ connectionId: string; employerId: string }>

/**
 * Resolves `employer` (the source's id, or the employer number as written in the YAML) in
 * `connection`, or in every known connection when it is absent (DESIGN §6). An employer that
 * no connection knows (not configured, never resolved, nothing stored) is a 404; one that is
 * configured but has not been synced yet resolves to nothing, so the list is empty.
 */
export async function resolveEmployerFilter(deps: ConnectionLookupDeps, query: { connection?: string; employer: string }): Promise<EmployerFilter> {
  const connectionIds = query.connection !== undefined
    ? [query.connection]
    : [...new Set([...deps.config.connections.map((connection) => connection.id), ...await listConnectionIds(deps.db)])]
  const filter: EmployerFilter = []
  for (const connectionId of connectionIds) {
    const employerId = await findEmployerId(deps.db, connectionId, query.employer)
    if (employerId !== null) filter.push({ connectionId, employerId })
  }
  if (filter.length > 0) return filter
  const configured = deps.config.connections.some((connection) =>
    connectionIds.includes(connection.id) && connection.employers.includes(query.employer))
  if (configured) return filter
  const where = query.connection === undefined ? '' : ` in connection "${query.connection}"`
  throw new KoppelError('not_found', `employer "${query.employer}" not found${where}`)
}
