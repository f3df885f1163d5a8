import { canonicalFields, fileEntities, type FieldKind, type FileEntity } from './canonical-fields.js'
import type { ConverterName } from './converters.js'
import type { EntityMappingSettings } from './file-settings.js'
import type { ColumnTarget, FilePreset } from './presets/preset.js'

/** One column of an entity's mapping, its header as written and compared case-insensitively. */
export interface MappedColumn {
  column: string
  /** null: a known column that is not read. */
  field: string | null
  kind: FieldKind | null
  converter: ConverterName | undefined
}

export interface EntityMapping {
  entity: FileEntity
  /** The patterns as written, for messages; `matchers[0]` is the entity's own file. */
  patterns: readonly string[]
  matchers: readonly RegExp[]
  /** By lower-cased, trimmed header. */
  columns: ReadonlyMap<string, MappedColumn>
}

/**
 * The preset's mapping with the YAML's `mapping:` merged over it, per entity: `file` replaces
 * the preset's patterns, `columns` are added to (or replace, or with null drop) the preset's.
 * Field names and converters were checked when the settings were parsed (file-settings.ts).
 */
export function mergeMapping(preset: FilePreset, overrides: Partial<Record<FileEntity, EntityMappingSettings>>): EntityMapping[] {
  const merged: EntityMapping[] = []
  for (const entity of fileEntities) {
    const base = preset.mapping[entity]
    const override = overrides[entity]
    if (!base && !override) continue
    const patterns = override?.file === undefined ? (base?.file ?? []) : typeof override.file === 'string' ? [override.file] : override.file
    if (patterns.length === 0) {
      throw new Error(`mapping.${entity}.file is required: the preset "${preset.name}" has no ${entity} file`)
    }
    const columns = new Map<string, MappedColumn>()
    const add = (column: string, target: ColumnTarget) => columns.set(headerKey(column), mappedColumn(entity, column, target))
    for (const [column, target] of Object.entries(base?.columns ?? {})) add(column, target)
    for (const [column, target] of Object.entries(override?.columns ?? {})) add(column, target)
    merged.push({ entity, patterns, matchers: patterns.map(globToRegExp), columns })
  }
  return merged
}

/** How headers are compared: trimmed, case-insensitive. */
export function headerKey(header: string): string {
  return header.trim().toLowerCase()
}

function mappedColumn(entity: FileEntity, column: string, target: ColumnTarget): MappedColumn {
  if (target === null) return { column, field: null, kind: null, converter: undefined }
  const field = typeof target === 'string' ? target : target.field
  return { column, field, kind: canonicalFields[entity][field] ?? null, converter: typeof target === 'string' ? undefined : target.converter }
}

/** `employees*.csv` → a case-insensitive RegExp over the whole file name (`*` any run, `?` one character). */
export function globToRegExp(pattern: string): RegExp {
  const body = pattern.split('').map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')
  return new RegExp(`^${body}$`, 'i')
}

/** True when the file name matches any of the mapping's patterns. */
export function matchesFile(mapping: EntityMapping, fileName: string): boolean {
  return mapping.matchers.some((matcher) => matcher.test(fileName))
}
