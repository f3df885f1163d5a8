import { defineStub } from '../define-stub.js'
import { cobraSettings } from './settings.js'

export default defineStub({
  id: 'cobra',
  displayName: 'Cobra (SD Worx)',
  description: 'SD Worx Cobra HRM & Salaris API with a Cobra API client (client identifier and secret).',
  settings: cobraSettings,
  auth: { kind: 'client-credentials' },
})
