import { Hono } from 'hono'
import { z } from 'zod'
import { KoppelError } from '../../errors.js'
import { entities } from '../../model/index.js'
import { feedTruncatedAt } from '../../storage/feed-watermarks.js'
import { mutationData } from '../../webhooks/mutation-message.js'
import { limitParam, parseQuery } from './query-params.js'
import { requireKnownConnection, type ConnectionLookupDeps } from './require-known-connection.js'

export const feedQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: limitParam(100, 1000),
  connection: z.string().optional(),
  entity: z.enum(entities).optional(),
})

/**
 * `GET /mutations?after=&limit=&connection=&entity=`: the catch-up feed in sequence order.
 * `nextAfter` is the last sequence returned (or `after` when nothing is new), so a consumer
 * polls with it and never misses or repeats a mutation. When retention pruned a mutation
 * above `after` that the query would have returned, the answer is `410 feed_truncated` with
 * `details.oldestSequence` (the feed is complete from there): the consumer resyncs from
 * `/api/records` and goes on with `after=oldestSequence - 1`.
 */
export function mutationRoutes(deps: ConnectionLookupDeps): Hono {
  return new Hono().get('/mutations', async (c) => {
    const query = parseQuery(feedQuery, c.req.query())
    await requireKnownConnection(deps, query.connection)
    const oldestSequence = await feedTruncatedAt(deps.db, query)
    if (oldestSequence !== undefined) {
      throw new KoppelError('feed_truncated', `retention pruned mutations after sequence ${query.after}; resync from /api/records, then read the feed from sequence ${oldestSequence}`, {
        details: { oldestSequence },
      })
    }
    let select = deps.db.selectFrom('mutations').selectAll().where('sequence', '>', query.after).orderBy('sequence').limit(query.limit)
    if (query.connection) select = select.where('connection_id', '=', query.connection)
    if (query.entity) select = select.where('entity', '=', query.entity)
    const rows = await select.execute()
    return c.json({ items: rows.map(mutationData), nextAfter: rows.at(-1)?.sequence ?? query.after })
  })
}
