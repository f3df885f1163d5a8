import { Hono } from 'hono'
import type { Metrics } from '../../metrics.js'

/** `GET /metrics`: Prometheus text format (public, like the health checks). */
export function metricsRoutes(deps: { metrics: Metrics }): Hono {
  return new Hono().get('/metrics', async (c) => {
    c.header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
    return c.body(await deps.metrics.render())
  })
}
