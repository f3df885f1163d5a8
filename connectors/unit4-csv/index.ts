import { defineFileConnector } from '../files/define-file-connector.js'
import { unit4CsvSettings } from './settings.js'

export default defineFileConnector({
  id: 'unit4-csv',
  displayName: 'Unit4 (csv bestand)',
  description: 'Reads Unit4 CSV exports from a drop folder or an upload, with an adjustable preset mapping.',
  settings: unit4CsvSettings,
})
