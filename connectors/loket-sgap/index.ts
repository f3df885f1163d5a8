import { defineStub } from '../define-stub.js'
import { loketSgapSettings } from './settings.js'

export default defineStub({
  id: 'loket-sgap',
  displayName: 'Loket.nl SGAP (SOAP, legacy)',
  description: 'Legacy Loket.nl SOAP interface with a webservice user; superseded by the loket REST connector.',
  settings: loketSgapSettings,
  auth: { kind: 'api-key' },
})
