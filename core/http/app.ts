import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { ZodError } from 'zod'
import { isKoppelError, KoppelError } from '../errors.js'
import type { AppDeps } from './app-deps.js'
import { requireAdminToken } from './admin-auth.js'
import { exposeApp } from './console/console-api.js'
import { fileUploadPath } from './routes/file-uploads.js'
import { healthRoutes } from './routes/health.js'

export type RouteGroup = { path: string; admin: boolean; app: Hono }

/**
 * The Hono app: public routes (health, metrics, OAuth callback) and admin routes under
 * `/api` behind the bearer token. Route handlers throw; `onError` is the only place that
 * builds error JSON.
 */
export function createApp(deps: AppDeps, groups: RouteGroup[] = []): Hono {
  const app = new Hono()
  app.use('/api/*', requireAdminToken(deps.config.server.admin_token))
  app.use('/console/*', exposeApp((request) => app.fetch(request)))
  const limitBody = bodyLimit({
    maxSize: deps.config.server.max_body_bytes,
    onError: () => {
      throw new KoppelError('payload_too_large', `request body exceeds ${deps.config.server.max_body_bytes} bytes`)
    },
  })
  // A file upload streams to disk under its connector's own limit (`max_file_bytes`).
  app.use('*', (c, next) => (c.req.method === 'POST' && fileUploadPath.test(c.req.path) ? next() : limitBody(c, next)))
  app.route('/', healthRoutes(deps))
  for (const group of groups) app.route(group.path, group.app)

  app.notFound((c) => c.json({ error: { code: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` } }, 404))
  app.onError((error, c) => {
    if (isKoppelError(error)) {
      const body = { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) }
      return c.json({ error: body }, error.status as 400)
    }
    if (error instanceof ZodError) {
      const details = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }))
      return c.json({ error: { code: 'invalid_request', message: 'request is invalid', details } }, 400)
    }
    if (error instanceof HTTPException) {
      return c.json({ error: { code: error.status === 401 ? 'unauthorized' : 'invalid_request', message: error.message } }, error.status)
    }
    deps.log.error({ err: { message: error.message, stack: error.stack }, path: c.req.path }, 'unhandled error')
    return c.json({ error: { code: 'internal_error', message: 'internal error' } }, 500)
  })
  return app
}
