import { defineFileConnector } from '../files/define-file-connector.js'
import { raetCsvSettings } from './settings.js'

export default defineFileConnector({
  id: 'raet-csv',
  displayName: 'RAET (csv bestand)',
  description: 'Reads Visma Raet employee profile CSV exports from a drop folder or an upload, with an adjustable preset mapping.',
  settings: raetCsvSettings,
})
