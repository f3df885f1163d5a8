import { defineStub } from '../define-stub.js'
import { exactGlobeSettings } from './settings.js'

export default defineStub({
  id: 'exact-globe',
  displayName: 'Exact Globe Next (CSV export)',
  description: 'Reads the Benefits-Plaza CSV that Exact Globe Next module SE0008_PAYBP writes after each payroll run.',
  settings: exactGlobeSettings,
  auth: { kind: 'file' },
})
