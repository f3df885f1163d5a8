import { Hono } from 'hono'
import { KoppelError } from '../../errors.js'
import { databaseFileProblem } from '../../storage/database-file.js'
import { isDatabaseReady } from '../../storage/open-database.js'
import type { AppDeps } from '../app-deps.js'

export function healthRoutes(deps: Pick<AppDeps, 'db'>): Hono {
  return new Hono()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', async (c) => {
      // A deleted or replaced file keeps answering queries (SQLite holds the old one open),
      // so the database answering is not enough: what a restart would open must be it too.
      const problem = databaseFileProblem(deps.db)
      if (problem) throw new KoppelError('not_ready', problem)
      if (!(await isDatabaseReady(deps.db))) throw new KoppelError('not_ready', 'the database does not answer or has migrations missing')
      return c.json({ status: 'ready', database: true })
    })
}
