import { defineConnector, pluginApiVersion } from '../../core/connector.js'
import { loketSettingsSchema, resolveLoketUrls, type LoketSettings } from './settings.js'

/** Loket.nl REST API v2 (DESIGN.md §2, §5). */
export default defineConnector<LoketSettings>({
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
  // eslint-disable-next-line require-yield
  async *fetch() {
    throw new Error('loket fetch: not yet implemented')
  },
  normalize() {
    return []
  },
})
