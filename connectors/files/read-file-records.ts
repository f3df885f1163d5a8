import type { CanonicalRecord, EmployerRef } from 'koppel/sdk'
import type { FileEntity } from './canonical-fields.js'
import { detectEncoding } from './detect-encoding.js'
import type { DroppedFile } from './drop-folder.js'
import { FileRejected } from './file-error.js'
import { planFile, type FilePlan } from './file-plan.js'
import type { FileConnectorSettings } from './file-settings.js'
import type { EntityMapping } from './mapping.js'
import { openCsv, openJsonLines } from './read-rows.js'
import { rowToRecords, type RowError } from './row-to-records.js'

/** Rows per batch: one page for the engine. */
export const rowsPerBatch = 500

export interface FileBatch {
  records: CanonicalRecord[]
  errors: RowError[]
}

/** What a file held once it is read through. */
export interface FileSummary {
  plan: FilePlan | null
  rows: number
  /** Entities with an invalid row whose record id could not be made: no delete is inferred for them from this file. */
  unidentified: Set<FileEntity>
}

/**
 * Reads one dropped file as batches of canonical records and row errors for one employer
 * (rows of other employers are passed over when `employer_column` is set). Fails with
 * `FileRejected` on what makes the whole file unreadable: too large, an unreadable
 * encoding, a header that does not fit the mapping, a CSV syntax error.
 */
export async function* readFileRecords(input: {
  file: DroppedFile
  settings: Pick<FileConnectorSettings, 'format' | 'delimiter' | 'encoding' | 'employer_column' | 'max_file_bytes'>
  mappings: readonly EntityMapping[]
  employer: EmployerRef
  summary: FileSummary
  signal?: AbortSignal
}): AsyncGenerator<FileBatch> {
  const { file, settings, summary, employer } = input
  if (file.size > settings.max_file_bytes) throw new FileRejected(file.name, `larger than max_file_bytes (${settings.max_file_bytes} bytes)`)
  const encoding = await detectEncoding(file.path, file.name, settings.encoding, input.signal)
  const jsonl = settings.format === 'jsonl' || /\.jsonl$/i.test(file.name)
  const opened = jsonl
    ? await openJsonLines(file.path, file.name, encoding, input.signal)
    : await openCsv(file.path, file.name, encoding, settings.delimiter, input.signal)
  const plan = planFile(input.mappings, file.name, opened.header, settings.employer_column)
  summary.plan = plan
  let batch: FileBatch = { records: [], errors: [] }
  let inBatch = 0
  for await (const row of opened.rows) {
    if (plan.employerIndex !== null) {
      const cell = row.cells[plan.employerIndex]?.trim()
      if (cell !== employer.ref && cell !== employer.id) continue
    }
    summary.rows++
    if (row.error !== undefined) {
      for (const entity of plan.entities) {
        batch.errors.push({ entity: entity.entity, id: `line ${row.line}`, identified: false, reason: `${file.name} line ${row.line}: the row ${row.error}` })
        summary.unidentified.add(entity.entity)
      }
    } else {
      const converted = rowToRecords(plan, row.cells, row.line, employer.id)
      for (const record of converted.records) batch.records.push(record)
      for (const error of converted.errors) {
        batch.errors.push(error)
        if (!error.identified) summary.unidentified.add(error.entity)
      }
    }
    if (++inBatch === rowsPerBatch) {
      yield batch
      batch = { records: [], errors: [] }
      inBatch = 0
    }
  }
  if (inBatch > 0) yield batch
}
