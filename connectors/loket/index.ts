import { defineConnector, pluginApiVersion } from 'koppel/sdk'
import { checkLoket } from './check-loket.js'
import { fetchLoketEmployer } from './fetch-loket-employer.js'
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
  description: 'Loket.nl REST API v2: employers, employees, employments, wages, working hours',
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
  incremental: true,
  resolveEmployers: resolveLoketEmployers,
  check: checkLoket,
  fetch: fetchLoketEmployer,
  normalize: normalizeLoketPage,
})
