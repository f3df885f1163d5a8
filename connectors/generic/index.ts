import { defineStub } from '../define-stub.js'
import { genericSettings } from './settings.js'

export default defineStub({
  id: 'generic',
  displayName: 'Generic file (Generiek)',
  description: "Reads a CSV or JSON export in Koppel's canonical template, for payroll systems without a connector.",
  settings: genericSettings,
  auth: { kind: 'file' },
})
