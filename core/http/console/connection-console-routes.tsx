import { Hono } from 'hono'
import { latestMutations } from '../../storage/latest-mutations.js'
import type { Db } from '../../storage/open-database.js'
import { mutationData } from '../../webhooks/mutation-message.js'
import type { ApiCheckReport, ApiConnection, ApiConnector, ApiRun } from './api-shapes.js'
import { ConnectionPage } from './connection-page.js'
import { consolePaths } from './console-paths.js'
import type { ConsoleEnv } from './console-env.js'
import { errorWords } from './error-words.js'
import { OverviewPage } from './overview-page.js'
import { RunPage } from './run-page.js'
import { takeFlash } from './take-flash.js'

const path = (id: string) => encodeURIComponent(id)

/**
 * The koppelingen: overview, one connection, and its actions ("Eerste aanmelding", tokens,
 * "Controleren", "Ophalen gegevens"), each one admin API call; then the run's progress.
 */
export function connectionConsoleRoutes(deps: { db: Db }) {
  return new Hono<ConsoleEnv>()
    .get('/console', async (c) => {
      const [connections, connectors] = await Promise.all([
        c.var.api.get<{ items: ApiConnection[] }>('/api/connections'),
        c.var.api.get<{ items: ApiConnector[] }>('/api/connectors'),
      ])
      const names = new Map(connectors.items.map((connector) => [connector.id, connector.displayName]))
      return c.html(<OverviewPage t={c.var.t} language={c.var.language} here={c.var.here} csrf={c.var.session.csrf} flash={takeFlash(c.var.session)} connections={connections.items} connectorNames={names} />)
    })
    .get('/console/connections/:id', async (c) => {
      const id = c.req.param('id')
      const connection = await c.var.api.get<ApiConnection>(`/api/connections/${path(id)}`)
      const [connectors, runs, mutations] = await Promise.all([
        c.var.api.get<{ items: ApiConnector[] }>('/api/connectors'),
        c.var.api.get<{ items: ApiRun[] }>(`/api/runs?connection=${path(id)}&limit=10`),
        latestMutations(deps.db, { connectionId: connection.id, limit: 20 }),
      ])
      const connector = connectors.items.find((item) => item.id === connection.connector)
      return c.html(
        <ConnectionPage
          t={c.var.t} language={c.var.language} here={c.var.here} csrf={c.var.session.csrf} flash={takeFlash(c.var.session)}
          connection={connection} connectorName={connector?.displayName ?? connection.connector} oauth={connector?.auth === 'oauth2-authorization-code'}
          check={c.var.session.checks.get(connection.id)} runs={runs.items} mutations={mutations.map(mutationData)}
        />,
      )
    })
    .post('/console/connections/:id/authorize', async (c) => {
      const id = c.req.param('id')
      const result = await c.var.api.call<{ authorizeUrl: string }>('POST', `/api/connections/${path(id)}/authorize`)
      if (result.ok) return c.redirect(result.body.authorizeUrl, 303)
      c.var.session.flash = { kind: 'error', text: errorWords(c.var.language, result.error) }
      return c.redirect(consolePaths.connection(id), 303)
    })
    .post('/console/connections/:id/tokens', async (c) => {
      const id = c.req.param('id')
      const form = await c.req.parseBody()
      const body = { accessToken: String(form.accessToken ?? '').trim(), refreshToken: String(form.refreshToken ?? '').trim() }
      const result = await c.var.api.call('PUT', `/api/connections/${path(id)}/tokens`, body)
      c.var.session.flash = result.ok ? { kind: 'ok', text: c.var.t.tokensSaved } : { kind: 'error', text: errorWords(c.var.language, result.error) }
      return c.redirect(consolePaths.connection(id), 303)
    })
    .post('/console/connections/:id/check', async (c) => {
      const id = c.req.param('id')
      const result = await c.var.api.call<ApiCheckReport>('POST', `/api/connections/${path(id)}/check`)
      if (result.ok) c.var.session.checks.set(id, result.body)
      else c.var.session.flash = { kind: 'error', text: errorWords(c.var.language, result.error) }
      return c.redirect(`${consolePaths.connection(id)}#check`, 303)
    })
    .post('/console/connections/:id/sync', async (c) => {
      const id = c.req.param('id')
      const result = await c.var.api.call<{ runId: string }>('POST', `/api/connections/${path(id)}/sync`, {})
      if (result.ok) {
        c.var.session.flash = { kind: 'ok', text: c.var.t.fetchStarted }
        return c.redirect(consolePaths.run(result.body.runId), 303)
      }
      c.var.session.flash = { kind: 'error', text: errorWords(c.var.language, result.error) }
      return c.redirect(`${consolePaths.connection(id)}#fetch`, 303)
    })
    .get('/console/runs/:id', async (c) => {
      const run = await c.var.api.get<ApiRun>(`/api/runs/${path(c.req.param('id'))}`)
      return c.html(<RunPage t={c.var.t} language={c.var.language} here={c.var.here} csrf={c.var.session.csrf} flash={takeFlash(c.var.session)} run={run} />)
    })
    .get('/console/runs/:id/status', async (c) => {
      const run = await c.var.api.get<ApiRun>(`/api/runs/${path(c.req.param('id'))}`)
      return c.json({ status: run.status })
    })
}
