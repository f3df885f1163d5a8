import { Hono } from 'hono'
import { z } from 'zod'
import { KoppelError } from '../../errors.js'
import { getRun, listRuns } from '../../storage/runs.js'
import { presentRun } from './present.js'
import { limitParam, parseQuery } from './query-params.js'
import { requireKnownConnection, type ConnectionLookupDeps } from './require-known-connection.js'

export const listQuery = z.object({ connection: z.string().optional(), limit: limitParam(20, 200) })

/** `GET /runs?connection=&limit=`, `GET /runs/:id`. */
export function runRoutes(deps: ConnectionLookupDeps): Hono {
  return new Hono()
    .get('/runs', async (c) => {
      const query = parseQuery(listQuery, c.req.query())
      await requireKnownConnection(deps, query.connection)
      const rows = await listRuns(deps.db, { connectionId: query.connection, limit: query.limit })
      return c.json({ items: rows.map(presentRun) })
    })
    .get('/runs/:id', async (c) => {
      const row = await getRun(deps.db, c.req.param('id'))
      if (!row) throw new KoppelError('not_found', `run "${c.req.param('id')}" not found`)
      return c.json(presentRun(row))
    })
}
