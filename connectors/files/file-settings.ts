import { z } from 'koppel/sdk'
import { canonicalFields, fileEntities, type FileEntity } from './canonical-fields.js'
import { converterNames, converterOutput, type ConverterName } from './converters.js'
import { presetNames } from './presets/index.js'

/** A column's target: a canonical field, a field with a converter, or null (a known column that is not read). */
const columnTarget = z.union([
  z.string().min(1),
  z.strictObject({
    /** The canonical field, dotted (`name.lastName`, `address.postalCode`). */
    field: z.string().min(1),
    /** One of `date_dmy`, `date_iso`, `decimal_comma`, `cents`, `euros_to_cents`, `yes_no`, `postal_code`, `code_label`. */
    converter: z.enum(converterNames).optional(),
  }),
  z.null(),
])

export type ColumnTarget = z.infer<typeof columnTarget>

const entityMapping = z.strictObject({
  /** The file name pattern(s) holding this entity (`*` and `?`, case-insensitive), e.g. `employees*.csv`. */
  file: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  /** Column header → canonical field; merged over the preset's columns (null drops a preset's column: the column is not read). */
  columns: z.record(z.string().min(1), columnTarget).default({}),
})

export type EntityMappingSettings = z.infer<typeof entityMapping>

/**
 * The settings every file connector takes (DESIGN.md §2), snake_case as in the YAML. The
 * connector's preset gives the mapping; `mapping` is merged over it per entity.
 */
export function fileConnectorSettings(defaultPreset: (typeof presetNames)[number]) {
  return z
    .strictObject({
      /** The drop folder: files are read from here and moved to `processed/` or `failed/` under it. */
      directory: z.string().min(1, 'is required'),
      /** `csv` (default) or `jsonl` (one JSON object per line, keyed by column). */
      format: z.enum(['csv', 'jsonl']).default('csv'),
      /** Field separator (one character); detected from the header line when absent: `,`, `;` or tab. */
      delimiter: z.string().length(1, 'must be one character').optional(),
      /** `utf-8` or `windows-1252`; detected when absent (a BOM or valid UTF-8 is UTF-8, anything else Windows-1252). */
      encoding: z.enum(['utf-8', 'windows-1252']).optional(),
      /** The preset mapping to start from: `generic` (Koppel's template), `raet-csv`, `unit4-csv`, `exact-globe` or `none`. */
      preset: z.enum(presetNames).default(defaultPreset),
      /** Per entity (`employee`, `employment`, `working_hours`, `wage`): its file pattern and columns, merged over the preset's. */
      mapping: z.partialRecord(z.enum(fileEntities), entityMapping).default({}),
      /** The column naming the employer (its number or id as in `employers:`); absent: every row is the connection's single employer. */
      employer_column: z.string().min(1).optional(),
      /** True (default): a file is a full export of its entities, so what it lacks is deleted (under the delete guard). False: a delta, never deletes. */
      complete: z.boolean().default(true),
      /** `skip` (default): invalid rows are reported and the rest applied. `reject_file`: a file with an invalid row applies nothing. */
      on_invalid_row: z.enum(['skip', 'reject_file']).default('skip'),
      /** Seconds a file's size and modification time must stay the same before it is read. Default 5. */
      settle_seconds: z.number().nonnegative().default(5),
      /** Larger files are refused (moved to `failed/`); the upload answers 413. Default 200 MiB. */
      max_file_bytes: z.number().int().positive().default(200 * 1024 * 1024),
    })
    .superRefine((settings, issues) => {
      for (const [entity, mapping] of Object.entries(settings.mapping) as Array<[FileEntity, EntityMappingSettings]>) {
        for (const [column, target] of Object.entries(mapping.columns)) {
          const problem = targetProblem(entity, target)
          if (problem) issues.addIssue({ code: 'custom', path: ['mapping', entity, 'columns', column], message: problem })
        }
      }
    })
}

export type FileConnectorSettings = z.infer<ReturnType<typeof fileConnectorSettings>>

/** Why a column target does not fit its entity (an unknown field, a converter for another kind of value), or undefined. */
export function targetProblem(entity: FileEntity, target: ColumnTarget): string | undefined {
  if (target === null) return undefined
  const field = typeof target === 'string' ? target : target.field
  const kind = canonicalFields[entity][field]
  if (kind === undefined) return `unknown ${entity} field "${field}" (known: ${Object.keys(canonicalFields[entity]).join(', ')})`
  const converter: ConverterName | undefined = typeof target === 'string' ? undefined : target.converter
  if (converter === undefined) return undefined
  const output = converterOutput[converter]
  const fits = output === kind || (output === 'number' && kind === 'number') || (output === 'postal' && kind === 'text') || (output === 'code' && kind === 'code')
  return fits ? undefined : `converter ${converter} does not fit ${entity} field "${field}" (a ${kind} value)`
}
