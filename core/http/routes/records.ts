import { Hono } from 'hono'
import { z } from 'zod'
import { KoppelError } from '../../errors.js'
import { entities, isEntity } from '../../model/index.js'
import type { Db } from '../../storage/open-database.js'
import { limitParam, parseQuery } from './query-params.js'
import { requireKnownConnection, type ConnectionLookupDeps } from './require-known-connection.js'
import { resolveEmployerFilter } from './resolve-employer-filter.js'

export const recordsQuery = z.object({
  connection: z.string().optional(),
  employer: z.string().optional(),
  cursor: z.string().optional(),
  limit: limitParam(100, 1000),
})

const encodeCursor = (connection: string, id: string) => Buffer.from(JSON.stringify([connection, id])).toString('base64url')

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) return value as [string, string]
  } catch {
    // fall through
  }
  throw new KoppelError('invalid_request', 'invalid cursor')
}

/**
 * `GET /records/:entity?connection=&employer=&cursor=&limit=`: the snapshot, keyset-paginated
 * by (connection, id). `employer` is the source's id or the employer number as written in the
 * YAML; an unknown connection or employer is a 404.
 */
export function recordRoutes(deps: ConnectionLookupDeps & { db: Db }): Hono {
  return new Hono().get('/records/:entity', async (c) => {
    const entity = c.req.param('entity')
    if (!isEntity(entity)) throw new KoppelError('not_found', `unknown entity "${entity}" (${entities.join(', ')})`)
    const query = parseQuery(recordsQuery, c.req.query())
    await requireKnownConnection(deps, query.connection)
    const employers = query.employer ? await resolveEmployerFilter(deps, { connection: query.connection || undefined, employer: query.employer }) : undefined
    if (employers?.length === 0) return c.json({ items: [], nextCursor: null })
    let select = deps.db.selectFrom('records').select(['connection_id', 'id', 'data']).where('entity', '=', entity)
      .orderBy('connection_id').orderBy('id').limit(query.limit + 1)
    if (query.connection) select = select.where('connection_id', '=', query.connection)
    if (employers) {
      select = select.where((eb) => eb.or(employers.map((pair) => eb.and([eb('connection_id', '=', pair.connectionId), eb('employer_id', '=', pair.employerId)]))))
    }
    if (query.cursor) {
      const [connection, id] = decodeCursor(query.cursor)
      select = select.where((eb) => eb.or([eb('connection_id', '>', connection), eb.and([eb('connection_id', '=', connection), eb('id', '>', id)])]))
    }
    const rows = await select.execute()
    const page = rows.slice(0, query.limit)
    const last = page.at(-1)
    return c.json({
      items: page.map((row) => JSON.parse(row.data) as unknown),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.connection_id, last.id) : null,
    })
  })
}
