import { defineConnector, pluginApiVersion, type RawPage } from 'koppel/sdk'
import { normalizeEmployee } from './normalize-employee.js'
import { readCsvRows, type CsvRow } from './read-csv-rows.js'
import { exampleCsvSettings, type ExampleCsvSettings } from './settings.js'

/** Rows per page: each page is one unit of work for the engine. */
export const exampleCsvPageSize = 500

/** The only page this connector yields: rows of the CSV file, keyed by header. */
export type ExampleCsvPage = RawPage<'employees', CsvRow>

/**
 * Employees from a CSV file with a header line, one file for all employers: only rows whose
 * `employer_id` equals the employer being synced are yielded.
 */
export const exampleCsvConnector = defineConnector<ExampleCsvSettings, ExampleCsvPage>({
  id: 'example-csv',
  displayName: 'Example CSV file',
  status: 'beta',
  apiVersion: pluginApiVersion,
  description: 'Employees from a CSV file (example plugin)',
  settings: exampleCsvSettings,
  auth: { kind: 'file' },

  async *fetch(ctx) {
    let items: CsvRow[] = []
    for await (const row of readCsvRows(ctx.settings.path, ctx.settings.delimiter, ctx.signal)) {
      if (row.employer_id?.trim() !== ctx.employer.id) continue
      items.push(row)
      if (items.length === exampleCsvPageSize) {
        yield { type: 'employees', items }
        items = []
      }
    }
    if (items.length > 0) yield { type: 'employees', items }
    ctx.log.debug({ employer: ctx.employer.id }, 'csv read')
  },

  normalize: (page) => page.items.map((row) => normalizeEmployee(row)),
})
