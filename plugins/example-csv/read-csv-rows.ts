import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { KoppelError } from 'koppel/sdk'
import { csvRecords } from './csv-records.js'

/** One data line keyed by the (trimmed, lowercased) header names. */
export type CsvRow = Record<string, string>

const requiredColumns = ['id', 'employer_id']

/**
 * Streams the rows of a CSV file with a header line. A row whose field count differs from
 * the header's is an error (naming the line, never its content): silently shifted columns
 * would put a name where a BSN belongs.
 */
export async function* readCsvRows(path: string, delimiter: string, signal: AbortSignal): AsyncGenerator<CsvRow> {
  try {
    await stat(path)
  } catch (error) {
    throw new KoppelError('upstream_not_found', 'csv file not found or not readable', { cause: error, details: { path } })
  }
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8', signal }), crlfDelay: Infinity })
  let header: string[] | undefined
  try {
    for await (const { fields, line } of csvRecords(lines, delimiter)) {
      if (header === undefined) {
        header = fields.map((name, index) => (index === 0 ? name.replace(/^\uFEFF/, '') : name).trim().toLowerCase())
        const missing = requiredColumns.filter((column) => !header!.includes(column))
        if (missing.length > 0) throw new KoppelError('upstream_bad_response', `csv header lacks column(s) ${missing.join(', ')}`)
        continue
      }
      if (fields.length !== header.length) {
        throw new KoppelError('upstream_bad_response', `csv line ${line} has ${fields.length} fields, the header has ${header.length}`)
      }
      yield Object.fromEntries(header.map((name, index) => [name, fields[index]!]))
    }
  } finally {
    lines.close()
  }
}
