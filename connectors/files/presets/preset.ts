import type { FileEntity } from '../canonical-fields.js'
import type { ConverterName } from '../converters.js'

/** A column's target in a mapping: a canonical field, a field with a converter, or null (known, not read). */
export type ColumnTarget = string | { field: string; converter?: ConverterName | undefined } | null

export interface PresetEntityMapping {
  /** File name patterns; the first is the entity's own file, the others files it may share (a wide employee file). */
  file: readonly string[]
  columns: Readonly<Record<string, ColumnTarget>>
}

/**
 * A starting mapping for one export layout. The layouts of RAET, Unit4 and Exact Globe
 * exports are set per customer, so a preset is a guess at the usual columns, to be adjusted
 * in the YAML (`mapping:` is merged over it).
 */
export interface FilePreset {
  name: string
  mapping: Readonly<Partial<Record<FileEntity, PresetEntityMapping>>>
}
