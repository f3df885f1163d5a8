import { defineStub } from '../define-stub.js'
import { unit4CsvSettings } from './settings.js'

export default defineStub({
  id: 'unit4-csv',
  displayName: 'Unit4 (CSV file)',
  description: 'Reads a Unit4 CSV export with a column mapping set in the config.',
  settings: unit4CsvSettings,
  auth: { kind: 'file' },
})
