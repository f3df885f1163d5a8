import { defineStub } from '../define-stub.js'
import { raetCsvSettings } from './settings.js'

export default defineStub({
  id: 'raet-csv',
  displayName: 'Visma Raet (CSV via File API)',
  description: 'Visma Raet CSV exports downloaded from the Visma File API with client credentials.',
  settings: raetCsvSettings,
  auth: { kind: 'client-credentials' },
})
