import { definePlugin } from 'koppel/sdk'
import { exampleCsvConnector } from './connector.js'

/** Listed in the YAML as `plugins: [./plugins/example-csv]`. */
export default definePlugin({ name: 'example-csv', connectors: [exampleCsvConnector] })
