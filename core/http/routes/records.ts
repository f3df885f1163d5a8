import { Hono } from 'hono'
import { z } from 'zod'
import { KoppelError } from '../../errors.js'
import { entities, isEntity } from '../../model/index.js'
import type { Db } from '../../storage/open-database.js'
import { selectRecordPage } from '../../storage/records.js'
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

function decodeCursor(cursor: string): { connection: string; id: string } {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) return { connection: value[0] as string, id: value[1] as string }
  } catch {
    // fall through
  }
  throw new KoppelError('invalid_request', 'invalid cursor')
}

/**
 * `GET /records/:entity?connection=&employer=&cursor=&limit=`: the snapshot, keyset-paginated
 * by (connection, id); the cursor is the last item's (connection, id), so a page costs the
 * same anywhere in the walk (`selectRecordPage`). `employer` is the source's id or the
 * employer number as written in the YAML; an unknown connection or employer is a 404.
 */
export function recordRoutes(deps: ConnectionLookupDeps & { db: Db }): Hono {
  return new Hono().get('/records/:entity', async (c) => {
    const entity = c.req.param('entity')
    if (!isEntity(entity)) throw new KoppelError('not_found', `unknown entity "${entity}" (${entities.join(', ')})`)
    const query = parseQuery(recordsQuery, c.req.query())
    await requireKnownConnection(deps, query.connection)
    const employers = query.employer ? await resolveEmployerFilter(deps, { connection: query.connection || undefined, employer: query.employer }) : undefined
    if (employers?.length === 0) return c.json({ items: [], nextCursor: null })
    const rows = await selectRecordPage(deps.db, {
      entity, connection: query.connection || undefined, employers, limit: query.limit + 1,
      after: query.cursor ? decodeCursor(query.cursor) : undefined,
    })
    const page = rows.slice(0, query.limit)
    const last = page.at(-1)
    const nextCursor = rows.length > query.limit && last ? encodeCursor(last.connection_id, last.id) : null
    // The stored text is the record's canonical JSON: written into the answer as it is (the
    // same JSON that parsing and serializing it again would give, at a fraction of the cost).
    return c.body(`{"items":[${page.map((row) => row.data).join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}`, 200, { 'content-type': 'application/json' })
  })
}
