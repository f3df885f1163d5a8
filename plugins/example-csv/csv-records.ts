import { KoppelError } from 'koppel/sdk'

export interface CsvRecord {
  fields: string[]
  /** 1-based line the record starts on, for error messages. */
  line: number
}

/**
 * Splits lines into RFC 4180 records: fields may be quoted, a quoted field may hold the
 * delimiter, doubled quotes (`""`) and line breaks. Blank lines are skipped. Works on a
 * stream of lines, so a large file is never held in memory.
 */
export async function* csvRecords(lines: AsyncIterable<string>, delimiter: string): AsyncGenerator<CsvRecord> {
  let fields: string[] = []
  let field = ''
  let quoted = false
  let lineNumber = 0
  let startLine = 0
  for await (const line of lines) {
    lineNumber++
    if (quoted) {
      field += '\n'
    } else {
      startLine = lineNumber
      if (line.trim() === '') continue
    }
    for (let i = 0; i < line.length; i++) {
      const char = line[i]
      if (quoted) {
        if (char !== '"') {
          field += char
        } else if (line[i + 1] === '"') {
          field += '"'
          i++
        } else {
          quoted = false
        }
      } else if (char === '"' && field === '') {
        quoted = true
      } else if (char === delimiter) {
        fields.push(field)
        field = ''
      } else {
        field += char
      }
    }
    if (!quoted) {
      fields.push(field)
      yield { fields, line: startLine }
      fields = []
      field = ''
    }
  }
  if (quoted) throw new KoppelError('upstream_bad_response', `csv: quoted field starting on line ${startLine} is never closed`)
}
