import { defineStub } from '../define-stub.js'
import { exactOnlineSettings } from './settings.js'

export default defineStub({
  id: 'exact-online',
  displayName: 'Exact Online',
  description: 'Exact Online payroll resources (OData) via OAuth2 authorization code, per division.',
  settings: exactOnlineSettings,
  auth: {
    kind: 'oauth2-authorization-code',
    endpoints: (settings) => ({
      authorizeUrl: `${settings.base_url.replace(/\/+$/, '')}/api/oauth2/auth`,
      tokenUrl: `${settings.base_url.replace(/\/+$/, '')}/api/oauth2/token`,
      clientId: settings.client_id,
      clientSecret: settings.client_secret,
    }),
  },
})
