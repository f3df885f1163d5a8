import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import { parse } from 'csv-parse'
import type { FileEncoding } from './detect-encoding.js'
import { FileRejected } from './file-error.js'

/** One data row: its cells in header order and the 1-based line it starts on. */
export interface FileRow {
  cells: string[]
  line: number
  /** Why the row cannot be read as a whole (a wrong field count, a JSON line that is no object): where, never the value. */
  error?: string
}

export interface OpenedFile {
  header: string[]
  rows: AsyncIterable<FileRow>
}

/** Streams the decoded text of a file in chunks of about 1 MiB. */
async function* decodedChunks(path: string, encoding: FileEncoding, signal?: AbortSignal): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding)
  for await (const chunk of createReadStream(path, { signal, highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const text = decoder.decode(chunk, { stream: true })
    if (text !== '') yield text
  }
  const rest = decoder.decode()
  if (rest !== '') yield rest
}

/** `,`, `;` or tab: the one the header line holds most of (outside quotes); `,` when it holds none. */
export function detectDelimiter(headerLine: string): string {
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0]])
  let quoted = false
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1)
  }
  let best = ','
  for (const [delimiter, count] of counts) if (count > counts.get(best)!) best = delimiter
  return best
}

/**
 * Opens a CSV file (RFC 4180 by csv-parse, the node-csv project's streaming parser: quotes,
 * line breaks inside quotes, a BOM) with its header line. A row with more or fewer fields
 * than the header is passed on with an `error`; a syntax error (an unclosed quote) fails the
 * file, naming the line, never the text.
 */
export async function openCsv(path: string, file: string, encoding: FileEncoding, delimiter: string | undefined, signal?: AbortSignal): Promise<OpenedFile> {
  const chunks = decodedChunks(path, encoding, signal)
  // Enough text for the header line, to detect the delimiter; it is fed to the parser as well.
  let head = ''
  while (!/[\r\n]/.test(head)) {
    const next = await chunks.next()
    if (next.done) break
    head += next.value
  }
  const headerLine = head.split(/\r?\n|\r/, 1)[0]!.replace(/^\uFEFF/, '')
  if (headerLine.trim() === '') throw new FileRejected(file, 'the file is empty or its first line (the header) is blank')
  const separator = delimiter ?? detectDelimiter(headerLine)
  async function* text(): AsyncGenerator<string> {
    yield head
    yield* chunks
  }
  const parser = Readable.from(text()).pipe(parse({ delimiter: separator, bom: true, info: true, relax_column_count: true, skip_empty_lines: true }))
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; info: { lines: number } }>
  const readRecord = async () => {
    try {
      return await records.next()
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'CSV_ERROR'
      const lines = (error as { lines?: number }).lines
      throw new FileRejected(file, `CSV syntax error${lines === undefined ? '' : ` near line ${lines}`} (${code})`)
    }
  }
  const first = await readRecord()
  if (first.done) throw new FileRejected(file, 'the file is empty')
  const header = first.value.record
  async function* rows(): AsyncGenerator<FileRow> {
    for (;;) {
      const next = await readRecord()
      if (next.done) return
      const { record, info } = next.value
      let breaks = 0
      for (const cell of record) for (let at = cell.indexOf('\n'); at !== -1; at = cell.indexOf('\n', at + 1)) breaks++
      const line = info.lines - breaks
      const row: FileRow = { cells: record, line }
      if (record.length !== header.length) row.error = `has ${record.length} fields, the header has ${header.length}`
      yield row
    }
  }
  return { header, rows: rows() }
}

/**
 * Opens a JSON Lines file: one object per line, keyed by column. The header is every key the
 * file uses (one pass ahead), so the file is checked against the mapping before any row is
 * read; a value must be a string, number, boolean or null.
 */
export async function openJsonLines(path: string, file: string, encoding: FileEncoding, signal?: AbortSignal): Promise<OpenedFile> {
  const keys = new Map<string, number>()
  for await (const { value } of jsonLines(path, encoding, signal)) {
    if (value === null) continue
    for (const key of Object.keys(value)) if (!keys.has(key)) keys.set(key, keys.size)
  }
  if (keys.size === 0) throw new FileRejected(file, 'the file holds no JSON object')
  const header = [...keys.keys()]
  async function* rows(): AsyncGenerator<FileRow> {
    for await (const { value, line } of jsonLines(path, encoding, signal)) {
      const cells = new Array<string>(header.length).fill('')
      if (value === null) {
        yield { cells, line, error: 'is not a JSON object' }
        continue
      }
      let error: string | undefined
      for (const [key, cell] of Object.entries(value)) {
        if (cell === null) continue
        if (typeof cell === 'object') error ??= `"${key}" is not a string, number or boolean`
        else cells[keys.get(key)!] = String(cell)
      }
      yield error === undefined ? { cells, line } : { cells, line, error }
    }
  }
  return { header, rows: rows() }
}

async function* jsonLines(path: string, encoding: FileEncoding, signal?: AbortSignal): AsyncGenerator<{ value: Record<string, unknown> | null; line: number }> {
  let rest = ''
  let line = 0
  const parseLine = (text: string) => {
    line++
    const trimmed = text.trim()
    if (trimmed === '') return undefined
    try {
      const value: unknown = JSON.parse(trimmed)
      return { value: typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null, line }
    } catch {
      return { value: null, line }
    }
  }
  for await (const chunk of decodedChunks(path, encoding, signal)) {
    const parts = (rest + chunk).split('\n')
    rest = parts.pop()!
    for (const part of parts) {
      const parsed = parseLine(part.replace(/^\uFEFF/, ''))
      if (parsed) yield parsed
    }
  }
  const last = parseLine(rest)
  if (last) yield last
}
