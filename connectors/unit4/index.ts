import { defineStub } from '../define-stub.js'
import { unit4Settings } from './settings.js'

export default defineStub({
  id: 'unit4',
  displayName: 'Unit4 ERP',
  description: 'Unit4 ERP web API (employees objects) via ERPx client credentials or an ERP user.',
  settings: unit4Settings,
  auth: { kind: 'client-credentials' },
})
