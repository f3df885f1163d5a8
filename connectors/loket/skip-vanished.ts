import { isKoppelError, type Entity } from 'koppel/sdk'
import type { FetchScope } from './fetch-scope.js'

/**
 * Reads one record a listing just named. A 404 means it went away between the list and the
 * read (DESIGN §4): the record is skipped in this run and reported with `ctx.vanished`, so
 * the engine keeps its stored version (and its chains) and counts it. Any other error fails
 * the fetch as before. A 404 on a listing itself is never passed through here.
 *
 * @example
 * const employee = await skipVanished(scope, 'employee', id, () => fetchDetail(scope.http, url, 'employees'))
 * if (employee === null) return
 */
export async function skipVanished<T>(scope: FetchScope, entity: Entity, id: string, read: () => Promise<T>): Promise<T | null> {
  try {
    return await read()
  } catch (error) {
    if (!(isKoppelError(error) && error.code === 'upstream_not_found')) throw error
    scope.log.info({ employer: scope.employerId, entity, id }, 'loket record vanished between list and read: kept as stored')
    scope.vanished(entity, id)
    return null
  }
}
