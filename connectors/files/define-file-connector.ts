import { constants } from 'node:fs'
import { access } from 'node:fs/promises'
import path from 'node:path'
import {
  defineConnector, KoppelError, pluginApiVersion, type CanonicalRecord, type CompleteRead, type ConnectorContext, type ConnectorDefinition,
  type FetchContext, type RawPage, type RunOutcome,
} from 'koppel/sdk'
import {
  fingerprint, listDropFolder, moveFile, selectFiles, settledFiles, systemClock, failedFolder, processedFolder,
  type DroppedFile, type SettleClock,
} from './drop-folder.js'
import { readFileCursor, writeFileCursor } from './file-cursor.js'
import { FileRejected, isFileRejected } from './file-error.js'
import { fileConnectorSettings, type FileConnectorSettings } from './file-settings.js'
import { matchesFile, mergeMapping, type EntityMapping } from './mapping.js'
import { presetOf } from './presets/index.js'
import { readFileRecords, type FileSummary } from './read-file-records.js'
import type { RowError } from './row-to-records.js'

/** Canonical records read from a file: the file engine converts rows while it reads, so normalize passes them on. */
export type FilePage = RawPage<'records', CanonicalRecord>

export interface FileConnectorOptions {
  id: string
  displayName: string
  description: string
  /** `fileConnectorSettings(<its preset>)`: the preset is the default of its `preset:` setting. */
  settings: ReturnType<typeof fileConnectorSettings>
  /** The clock the drop folder settles by (tests); default the system clock. */
  clock?: SettleClock
}

/** Row reports listed in a rejected file's `.error.txt`. */
const maxReportLines = 1000

/** What one run took from the drop folder, and what became of each file per employer. */
interface RunFiles {
  listed: DroppedFile[]
  taken: DroppedFile[]
  /** file name → employers whose fetch read it (their data commits or not with the employer). */
  readBy: Map<string, Set<string>>
  /** file name → employers whose cursor says it was committed before (a stop between commit and move). */
  committedBefore: Map<string, Set<string>>
  rejected: Map<string, FileRejected>
}

/**
 * A file-based connector (DESIGN.md §2): `generic` and the presets `raet-csv`, `unit4-csv`,
 * `exact-globe` are this with another default preset. `fetch` takes each complete (settled)
 * file of the drop folder once, at most one file per entity per run, and yields its rows as
 * canonical records; `afterRun` moves a file to `processed/` once every employer's data
 * from it is committed, or to `failed/` with a `.error.txt` when it was rejected. A held or
 * failed run leaves its files where they are, for the next run (after `force`).
 */
export function defineFileConnector(options: FileConnectorOptions): ConnectorDefinition<FileConnectorSettings, FilePage> {
  const clock = options.clock ?? systemClock
  const runs = new Map<string, RunFiles>()
  const mappingsOf = (settings: FileConnectorSettings): EntityMapping[] => mergeMapping(presetOf(settings.preset), settings.mapping)

  async function filesOfRun(ctx: FetchContext<FileConnectorSettings>, mappings: EntityMapping[]): Promise<RunFiles> {
    const known = ctx.runId === undefined ? undefined : runs.get(ctx.runId)
    if (known) return known
    const listed = await listDropFolder(ctx.settings.directory).catch((error: unknown) => {
      throw new KoppelError('upstream_not_found', `the drop folder (settings.directory) cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error })
    })
    const settled = await settledFiles(listed, ctx.settings.settle_seconds * 1000, clock, ctx.signal)
    const files: RunFiles = { listed, taken: selectFiles(settled, mappings), readBy: new Map(), committedBefore: new Map(), rejected: new Map() }
    if (ctx.runId !== undefined) runs.set(ctx.runId, files)
    ctx.log.info({ waiting: listed.length, taken: files.taken.length }, 'drop folder read')
    return files
  }

  return defineConnector<FileConnectorSettings, FilePage>({
    id: options.id,
    displayName: options.displayName,
    description: options.description,
    status: 'beta',
    apiVersion: pluginApiVersion,
    settings: options.settings,
    auth: { kind: 'file' },
    // Every entity is read only in part by a full run: deletes come from the complete claims of the files read (`complete: true`).
    partialReads: ['employer', 'employee', 'partner', 'child', 'employment', 'working_hours', 'wage', 'payroll_result'],

    // The drop folder must exist and be writable (files are moved out of it); there are no credentials.
    async check(ctx, refs) {
      const problem = await access(ctx.settings.directory, constants.R_OK | constants.W_OK).then(() => undefined, (error: NodeJS.ErrnoException) => error.code ?? 'error')
      const error = problem === undefined ? undefined : { code: 'upstream_not_found', message: `the drop folder (settings.directory) is not a readable and writable folder (${problem})` }
      return {
        ok: error === undefined,
        credentials: error === undefined ? { ok: true } : { ok: false, error },
        employers: refs.map((employer) => ({ employer, ok: error === undefined, missing: [] })),
      }
    },

    async *fetch(ctx) {
      const { settings, employer } = ctx
      const mappings = mappingsOf(settings)
      const run = await filesOfRun(ctx, mappings)
      const remembered = readFileCursor(ctx.cursor)
      const readNow: string[] = []
      yield { type: 'records', items: [{ entity: 'employer', record: { id: employer.id, employerId: employer.id, number: employer.ref, name: null, chamberOfCommerceNumber: null, payrollTaxNumber: null } }] }
      for (const file of run.taken) {
        const print = fingerprint(file)
        const mark = (map: Map<string, Set<string>>) => map.set(file.name, (map.get(file.name) ?? new Set()).add(employer.id))
        if (remembered.has(print)) {
          mark(run.committedBefore)
          continue
        }
        mark(run.readBy)
        const summary: FileSummary = { plan: null, rows: 0, unidentified: new Set() }
        const rejected: RowError[] = []
        try {
          for await (const batch of readFileRecords({ file, settings, mappings, employer, summary, signal: ctx.signal })) {
            if (settings.on_invalid_row === 'reject_file') rejected.push(...batch.errors)
            else for (const error of batch.errors) ctx.invalid?.(error.entity, error.id, error.reason)
            if (batch.records.length > 0) yield { type: 'records', items: batch.records }
          }
        } catch (error) {
          if (isFileRejected(error)) run.rejected.set(file.name, error)
          throw error
        }
        if (rejected.length > 0) {
          const error = rowsRejected(file.name, rejected)
          run.rejected.set(file.name, error)
          throw error
        }
        readNow.push(print)
        const complete: CompleteRead[] = settings.complete
          ? (summary.plan?.entities ?? []).filter((entity) => !summary.unidentified.has(entity.entity)).map((entity) => ({ entity: entity.entity, match: {} }))
          : []
        ctx.log.info({ rows: summary.rows, entities: summary.plan?.entities.map((entity) => entity.entity), complete: complete.length > 0 }, 'file read')
        yield { type: 'records', items: [], complete }
      }
      yield { type: 'records', items: [], cursor: writeFileCursor(remembered, new Set(run.listed.map(fingerprint)), readNow) }
    },

    normalize: (page) => [...page.items],

    uploads(settings) {
      const mappings = mappingsOf(settings)
      return {
        directory: settings.directory,
        maxBytes: settings.max_file_bytes,
        checkName: (name) => (mappings.some((mapping) => matchesFile(mapping, name))
          ? undefined
          : `matches no file pattern of the mapping (${mappings.flatMap((mapping) => mapping.patterns).join(', ')})`),
      }
    },

    async afterRun(ctx: ConnectorContext<FileConnectorSettings>, outcome: RunOutcome) {
      const run = runs.get(outcome.runId)
      runs.delete(outcome.runId)
      if (!run) return
      const { directory } = ctx.settings
      for (const file of run.taken) {
        const rejected = run.rejected.get(file.name)
        if (rejected) {
          const moved = await moveFile(directory, file, failedFolder, errorReport(rejected))
          ctx.log.warn({ file: moved, folder: failedFolder }, 'file rejected')
          continue
        }
        const committed = outcome.employers.every((employer) =>
          employer.id !== null && (run.committedBefore.get(file.name)?.has(employer.id) || (employer.status === 'succeeded' && run.readBy.get(file.name)?.has(employer.id))),
        )
        if (!committed) continue
        const moved = await moveFile(directory, file, processedFolder)
        ctx.log.info({ file: path.join(processedFolder, moved) }, 'file processed')
      }
    },
  })
}

/** `on_invalid_row: reject_file` and a file with invalid rows: nothing of it is applied. */
function rowsRejected(file: string, errors: readonly RowError[]): FileRejected {
  const rows = new Set(errors.map((error) => error.reason.split(':')[0])).size
  return new FileRejected(file, `${rows} invalid row(s) (on_invalid_row: reject_file): nothing of the file is applied`, errors.map((error) => error.reason))
}

function errorReport(error: FileRejected): string {
  const lines = [error.message, ...error.lines.slice(0, maxReportLines)]
  if (error.lines.length > maxReportLines) lines.push(`… and ${error.lines.length - maxReportLines} more`)
  return `${lines.join('\n')}\n`
}
