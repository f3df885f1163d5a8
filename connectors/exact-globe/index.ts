import { defineFileConnector } from '../files/define-file-connector.js'
import { exactGlobeSettings } from './settings.js'

export default defineFileConnector({
  id: 'exact-globe',
  displayName: 'Exact Globe Next (SE0008_PAYBP export)',
  description: 'Reads the Benefits-Plaza CSV that Exact Globe Next module SE0008_PAYBP writes after each payroll run, from a drop folder or an upload.',
  settings: exactGlobeSettings,
})
