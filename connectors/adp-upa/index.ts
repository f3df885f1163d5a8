import { defineStub } from '../define-stub.js'
import { adpUpaSettings } from './settings.js'

export default defineStub({
  id: 'adp-upa',
  displayName: 'ADP (UPA file)',
  description: 'Reads the UPA pension declaration XML (SIVI) that ADP writes after each payroll run.',
  settings: adpUpaSettings,
  auth: { kind: 'file' },
})
