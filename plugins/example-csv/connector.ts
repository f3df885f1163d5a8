import { defineConnector, KoppelError, pluginApiVersion, type RawPage } from 'koppel/sdk'
import { normalizeEmployee } from './normalize-employee.js'
import { readCsvRows, type CsvRow } from './read-csv-rows.js'
import { exampleCsvSettings, type ExampleCsvSettings } from './settings.js'

/** Rows per page: each page is one unit of work for the engine. */
export const exampleCsvPageSize = 500

/**
 * Employees from a CSV file with a header line, one file for all employers: only rows whose
 * `employer_id` equals the employer being synced are yielded.
 */
export const exampleCsvConnector = defineConnector<ExampleCsvSettings>({
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

  normalize(page: RawPage) {
    if (page.type !== 'employees') throw new KoppelError('internal_error', `example-csv cannot normalize pages of type "${page.type}"`)
    return page.items.map((item, index) => {
      if (!isRow(item)) throw new KoppelError('upstream_bad_response', `employees page item ${index} is not a csv row`)
      return normalizeEmployee(item)
    })
  },
})

function isRow(item: unknown): item is CsvRow {
  return typeof item === 'object' && item !== null && Object.values(item).every((value) => typeof value === 'string')
}
