import { defineStub } from '../define-stub.js'
import { afasSettings } from './settings.js'

export default defineStub({
  id: 'afas',
  displayName: 'AFAS Profit',
  description: 'AFAS Profit REST GetConnectors, authorized with an App Connector user token.',
  settings: afasSettings,
  auth: { kind: 'api-key' },
})
