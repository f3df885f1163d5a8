import { identityFields, parentOf, requiredFields, type FieldKind, type FileEntity } from './canonical-fields.js'
import type { ConverterName } from './converters.js'
import { FileRejected } from './file-error.js'
import { headerKey, matchesFile, type EntityMapping } from './mapping.js'

/** One field of an entity read from a file: the columns (by index) that give it, first non-empty wins. */
export interface PlannedField {
  field: string
  kind: FieldKind
  converter: ConverterName | undefined
  sources: Array<{ index: number; column: string }>
}

export interface EntityPlan {
  entity: FileEntity
  fields: readonly PlannedField[]
  /** True when the parent's id comes from the same row's parent record (a wide file), not from a column. */
  parentFromRow: boolean
  /** True when the start date comes from the same row's parent (a wide file's hours and wage start with the employment). */
  startFromRow: boolean
}

/** How the rows of one file become records: which entities, from which columns. */
export interface FilePlan {
  file: string
  entities: readonly EntityPlan[]
  /** Index of the `employer_column`, or null. */
  employerIndex: number | null
  columnCount: number
}

/**
 * Plans a file from its name and header. An entity is in the file when the name matches its
 * own pattern (the first), or when it matches another of its patterns and the header has a
 * column of the entity's own fields (not only ids). Fails, naming the file and the column,
 * on a duplicate or unknown column, or when a column an entity needs is missing.
 */
export function planFile(mappings: readonly EntityMapping[], file: string, header: readonly string[], employerColumn: string | undefined): FilePlan {
  const keys = header.map(headerKey)
  const seen = new Set<string>()
  for (const [index, key] of keys.entries()) {
    if (key === '') throw new FileRejected(file, `column ${index + 1} has no header`)
    if (seen.has(key)) throw new FileRejected(file, `column "${header[index]!.trim()}" appears twice`)
    seen.add(key)
  }
  const candidates = mappings.filter((mapping) => matchesFile(mapping, file))
  const present = candidates.filter((mapping) =>
    mapping.matchers[0]!.test(file) || keys.some((key) => {
      const mapped = mapping.columns.get(key)
      return mapped?.field != null && !identityFields.has(mapped.field)
    }),
  )
  if (present.length === 0) throw new FileRejected(file, 'no mapping reads this file (its columns name no entity of the file patterns it matches)')
  const employerKey = employerColumn === undefined ? undefined : headerKey(employerColumn)
  const employerIndex = employerKey === undefined ? -1 : keys.indexOf(employerKey)
  if (employerKey !== undefined && employerIndex === -1) throw new FileRejected(file, `the employer column "${employerColumn}" is missing`)

  for (const [index, key] of keys.entries()) {
    if (index === employerIndex) continue
    if (!candidates.some((mapping) => mapping.columns.has(key))) throw new FileRejected(file, `unknown column "${header[index]!.trim()}" (map it, or map it to null to leave it out)`)
  }

  const presentEntities = new Set(present.map((mapping) => mapping.entity))
  const entities = present.map((mapping): EntityPlan => {
    const byField = new Map<string, PlannedField>()
    for (const [index, key] of keys.entries()) {
      const mapped = mapping.columns.get(key)
      if (mapped?.field == null || mapped.kind === null) continue
      const planned = byField.get(mapped.field)
      const source = { index, column: header[index]!.trim() }
      if (planned) planned.sources.push(source)
      else byField.set(mapped.field, { field: mapped.field, kind: mapped.kind, converter: mapped.converter, sources: [source] })
    }
    // First non-empty wins in the mapping's order, so keep the sources in that order.
    const order = [...mapping.columns.keys()]
    for (const planned of byField.values()) planned.sources.sort((a, b) => order.indexOf(keys[a.index]!) - order.indexOf(keys[b.index]!))
    const parent = parentOf[mapping.entity]
    const parentFromRow = parent !== null && !byField.has(parent.field) && presentEntities.has(parent.entity)
    if (parent !== null && !byField.has(parent.field) && !parentFromRow) throw new FileRejected(file, `missing column for ${mapping.entity} field "${parent.field}" (${columnsOf(mapping, parent.field)})`)
    if (mapping.entity === 'employee' && !byField.has('id') && !byField.has('employeeNumber')) {
      throw new FileRejected(file, `missing column for employee field "employeeNumber" or "id" (${columnsOf(mapping, 'employeeNumber', 'id')})`)
    }
    let startFromRow = false
    for (const field of requiredFields[mapping.entity]) {
      if (byField.has(field)) continue
      if (field === 'startDate' && parentFromRow && parent?.entity === 'employment') {
        startFromRow = true
        continue
      }
      throw new FileRejected(file, `missing column for ${mapping.entity} field "${field}" (${columnsOf(mapping, field)})`)
    }
    return { entity: mapping.entity, fields: [...byField.values()], parentFromRow, startFromRow }
  })
  return { file, entities, employerIndex: employerIndex === -1 ? null : employerIndex, columnCount: header.length }
}

function columnsOf(mapping: EntityMapping, ...fields: string[]): string {
  const columns = [...mapping.columns.values()].filter((mapped) => mapped.field !== null && fields.includes(mapped.field)).map((mapped) => `"${mapped.column}"`)
  return columns.length === 0 ? 'no column is mapped to it' : `expected ${columns.join(' or ')}`
}
