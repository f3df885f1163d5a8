import { createRequestLimiter, defineConnector, pluginApiVersion } from 'koppel/sdk'
import { checkLoket } from './check-loket.js'
import { fetchLoketEmployer } from './fetch-loket-employer.js'
import { limitHttp } from './fetch-scope.js'
import { loketHttp } from './loket-http.js'
import { observeNotices } from './observe-notices.js'
import { normalizeLoketPage } from './normalize.js'
import type { LoketPage } from './raw-items.js'
import { resolveLoketEmployers } from './resolve-employers.js'
import { loketSettingsSchema, resolveLoketUrls, type LoketSettings } from './settings.js'

/**
 * Loket.nl REST API v2 (DESIGN.md §2, §5): OAuth2 authorization code with `scope=all`,
 * employers named by number or GUID, incremental sync on `lastModifiedVersionNumber`.
 * Raw page types and the cursor format: raw-items.ts and loket-cursor.ts.
 */
export default defineConnector<LoketSettings, LoketPage>({
  id: 'loket',
  displayName: 'Loket.nl',
  status: 'stable',
  apiVersion: pluginApiVersion,
  description: 'Loket.nl REST API v2: employers, employees, partners, children, employments, wages, working hours, payroll results',
  settings: loketSettingsSchema,
  auth: {
    kind: 'oauth2-authorization-code',
    endpoints(settings) {
      const { oauth } = resolveLoketUrls(settings)
      return {
        authorizeUrl: `${oauth}/authorize`,
        tokenUrl: `${oauth}/token`,
        clientId: settings.client_id,
        ...(settings.client_secret === undefined ? {} : { clientSecret: settings.client_secret }),
        scope: 'all',
      }
    },
  },
  http: loketHttp,
  incremental: true,
  // Payroll results are read from payroll_results_since on: older ones are never deleted.
  partialReads: ['payroll_result'],
  resolveEmployers: (ctx, refs) => resolveLoketEmployers({ ...ctx, http: observeNotices(ctx.http, ctx.upstreamNotice) }, refs),
  // The check's probes go through the same limit as a fetch's requests (`ctx.http` has none for Loket).
  check: (ctx, refs) => checkLoket({ ...ctx, http: observeNotices(limitHttp(ctx.http, createRequestLimiter(ctx.settings.concurrency, () => null)), ctx.upstreamNotice) }, refs),
  fetch: fetchLoketEmployer,
  normalize: normalizeLoketPage,
})
