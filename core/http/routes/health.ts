import { Hono } from 'hono'
import { isDatabaseReady } from '../../storage/open-database.js'
import type { AppDeps } from '../app-deps.js'

export function healthRoutes(deps: Pick<AppDeps, 'db'>): Hono {
  return new Hono()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', async (c) => {
      const ready = await isDatabaseReady(deps.db)
      return c.json({ status: ready ? 'ready' : 'not_ready', database: ready }, ready ? 200 : 503)
    })
}
