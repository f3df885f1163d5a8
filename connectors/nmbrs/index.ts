import { defineStub } from '../define-stub.js'
import { nmbrsSettings } from './settings.js'

export default defineStub({
  id: 'nmbrs',
  displayName: 'Nmbrs',
  description: 'Nmbrs REST API via OAuth2 authorization code and an X-Subscription-Key.',
  settings: nmbrsSettings,
  auth: {
    kind: 'oauth2-authorization-code',
    endpoints: (settings) => ({
      authorizeUrl: `${settings.identity_base_url.replace(/\/+$/, '')}/connect/authorize`,
      tokenUrl: `${settings.identity_base_url.replace(/\/+$/, '')}/connect/token`,
      clientId: settings.client_id,
      clientSecret: settings.client_secret,
      scope: settings.scope,
    }),
  },
})
