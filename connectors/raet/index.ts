import { defineStub } from '../define-stub.js'
import { raetSettings } from './settings.js'

export default defineStub({
  id: 'raet',
  displayName: 'Visma Raet Youforce',
  description: 'Visma Raet Youforce IAM API (persons, employments) via Visma Connect client credentials.',
  settings: raetSettings,
  auth: { kind: 'client-credentials' },
})
