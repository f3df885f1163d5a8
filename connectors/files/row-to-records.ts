import type { CanonicalRecord, CodeListValue, Employee, Employment, WorkingHours, Wage } from 'koppel/sdk'
import type { FileEntity } from './canonical-fields.js'
import { convertCell } from './convert-cell.js'
import type { EntityPlan, FilePlan } from './file-plan.js'

/** A row that could not become (one of) its records: where and why, never the value. */
export interface RowError {
  entity: FileEntity
  /** The record's id when it could be made, else `line <n>`. */
  id: string
  /** False when `id` is only the line: the record it would be cannot be told. */
  identified: boolean
  /** `<file> line <n>: <field> (<column>): <reason>`. */
  reason: string
}

export interface RowRecords {
  records: CanonicalRecord[]
  errors: RowError[]
}

type Values = Map<string, unknown>

/**
 * One data row of a planned file → its canonical records, parents first (DESIGN.md §3). Pure.
 * A cell that fails its conversion makes that entity's record of the row invalid (reported,
 * not yielded); the row's other records go on. Ids: the mapped `id`, else the employee
 * number, an employment's `<employeeId>:<startDate>`, an hours or wage record's
 * `<employmentId>:<startDate>`; a wide file's child takes its parent's id from the same row.
 */
export function rowToRecords(plan: FilePlan, cells: readonly string[], line: number, employerId: string): RowRecords {
  const records: CanonicalRecord[] = []
  const errors: RowError[] = []
  const rowIds = new Map<FileEntity, { id: string; startDate: unknown }>()
  for (const entity of plan.entities) {
    const values: Values = new Map()
    let failure: string | undefined
    for (const field of entity.fields) {
      let raw: string | undefined
      let column = ''
      for (const source of field.sources) {
        const cell = cells[source.index]?.trim()
        if (cell) {
          raw = cell
          column = source.column
          break
        }
      }
      if (raw === undefined) continue
      const converted = convertCell(raw, field.kind, field.converter)
      if (converted.ok) values.set(field.field, converted.value)
      else failure ??= `${field.field} (${column}): ${converted.reason}`
    }
    const parent = parentRow(entity, rowIds)
    if (entity.parentFromRow && parent) values.set(entity.entity === 'employment' ? 'employeeId' : 'employmentId', parent.id)
    if (entity.startFromRow && !values.has('startDate') && parent) values.set('startDate', parent.startDate)
    const id = recordId(entity.entity, values)
    if (id !== null) rowIds.set(entity.entity, { id, startDate: values.get('startDate') })
    const missing = failure ?? missingField(entity, values, id)
    if (missing !== undefined) {
      errors.push({ entity: entity.entity, id: id ?? `line ${line}`, identified: id !== null, reason: `${plan.file} line ${line}: ${missing}` })
      continue
    }
    const built = build(entity.entity, values, id!, employerId)
    if (typeof built === 'string') errors.push({ entity: entity.entity, id: id!, identified: true, reason: `${plan.file} line ${line}: ${built}` })
    else records.push(built)
  }
  return { records, errors }
}

function parentRow(entity: EntityPlan, rowIds: Map<FileEntity, { id: string; startDate: unknown }>) {
  if (entity.entity === 'employment') return rowIds.get('employee')
  if (entity.entity === 'working_hours' || entity.entity === 'wage') return rowIds.get('employment')
  return undefined
}

function recordId(entity: FileEntity, values: Values): string | null {
  const own = values.get('id')
  if (typeof own === 'string') return own
  switch (entity) {
    case 'employee':
      return (values.get('employeeNumber') as string | undefined) ?? null
    case 'employment': {
      const employee = values.get('employeeId')
      const start = values.get('startDate')
      return typeof employee === 'string' && typeof start === 'string' ? `${employee}:${start}` : null
    }
    default: {
      const employment = values.get('employmentId')
      const start = values.get('startDate')
      return typeof employment === 'string' && typeof start === 'string' ? `${employment}:${start}` : null
    }
  }
}

function missingField(entity: EntityPlan, values: Values, id: string | null): string | undefined {
  if (entity.entity === 'employee') return id === null ? 'employeeNumber: is empty' : undefined
  const parentField = entity.entity === 'employment' ? 'employeeId' : 'employmentId'
  if (!values.has(parentField)) return `${parentField}: is empty`
  if (!values.has('startDate')) return 'startDate: is empty'
  return undefined
}

const str = (values: Values, field: string): string | null => (values.get(field) as string | undefined) ?? null
const num = (values: Values, field: string): number | null => (values.get(field) as number | undefined) ?? null
const bool = (values: Values, field: string): boolean | null => (values.get(field) as boolean | undefined) ?? null

/** A coded value from the whole field (`code_label`, or the code alone) or from its `.code` and `.label` parts. */
function coded(values: Values, field: string): CodeListValue | null | string {
  const whole = values.get(field) as CodeListValue | undefined
  const code = str(values, `${field}.code`) ?? whole?.code ?? null
  const label = str(values, `${field}.label`) ?? whole?.label ?? null
  if (code === null) return label === null ? null : `${field}.code: is empty while ${field}.label is given`
  return { code, label }
}

function nullWhenEmpty<T extends Record<string, unknown>>(value: T): T | null {
  return Object.values(value).every((part) => part === null) ? null : value
}

/** The record, or the reason (`field: why`) it cannot be made. */
function build(entity: FileEntity, values: Values, id: string, employerId: string): CanonicalRecord | string {
  switch (entity) {
    case 'employee': {
      const nationality = coded(values, 'nationality')
      const civilStatus = coded(values, 'civilStatus')
      if (typeof nationality === 'string') return nationality
      if (typeof civilStatus === 'string') return civilStatus
      const name = {
        initials: str(values, 'name.initials'), firstName: str(values, 'name.firstName'), prefix: str(values, 'name.prefix'),
        lastName: str(values, 'name.lastName'), partnerPrefix: str(values, 'name.partnerPrefix'), partnerLastName: str(values, 'name.partnerLastName'),
        nameUsage: (values.get('name.nameUsage') as Employee['name']['nameUsage'] | undefined) ?? null,
      }
      const formatted = str(values, 'name.formatted') ?? ([name.firstName ?? name.initials, name.prefix, name.lastName].filter((part) => part !== null).join(' ') || null)
      const record: Employee = {
        id, employerId, employeeNumber: str(values, 'employeeNumber'), bsn: str(values, 'bsn'),
        name: { ...name, formatted },
        dateOfBirth: str(values, 'dateOfBirth'), dateOfDeath: str(values, 'dateOfDeath'),
        gender: (values.get('gender') as Employee['gender'] | undefined) ?? 'unknown',
        nationality, civilStatus,
        address: nullWhenEmpty({
          street: str(values, 'address.street'), houseNumber: str(values, 'address.houseNumber'), houseNumberAddition: str(values, 'address.houseNumberAddition'),
          postalCode: str(values, 'address.postalCode'), city: str(values, 'address.city'), countryCode: str(values, 'address.countryCode'),
        }),
        contact: { email: str(values, 'contact.email'), phone: str(values, 'contact.phone'), mobile: str(values, 'contact.mobile') },
      }
      return { entity: 'employee', record }
    }
    case 'employment': {
      const endReason = coded(values, 'endReason')
      if (typeof endReason === 'string') return endReason
      const record: Employment = {
        id, employerId, employeeId: str(values, 'employeeId')!, startDate: str(values, 'startDate')!, endDate: str(values, 'endDate'),
        historicalStartDate: str(values, 'historicalStartDate'), endReason, endedDueToIllness: bool(values, 'endedDueToIllness'),
        contractType: (values.get('contractType') as Employment['contractType'] | undefined) ?? 'other',
        isDirectorMajorShareholder: bool(values, 'isDirectorMajorShareholder'),
        payrollId: str(values, 'payrollId'), incomeRelationshipNumber: str(values, 'incomeRelationshipNumber'), payrollAdministrationId: str(values, 'payrollAdministrationId'),
        job: nullWhenEmpty({ code: str(values, 'job.code'), title: str(values, 'job.title') }),
        department: nullWhenEmpty({ code: str(values, 'department.code'), name: str(values, 'department.name') }),
      }
      return { entity: 'employment', record }
    }
    case 'working_hours': {
      const hoursPerWeek = num(values, 'hoursPerWeek')
      const fullTimeHoursPerWeek = num(values, 'fullTimeHoursPerWeek')
      if (fullTimeHoursPerWeek !== null && fullTimeHoursPerWeek <= 0) return 'fullTimeHoursPerWeek: must be more than 0'
      if (hoursPerWeek !== null && hoursPerWeek < 0) return 'hoursPerWeek: must not be negative'
      const record: WorkingHours = {
        id, employerId, employmentId: str(values, 'employmentId')!, startDate: str(values, 'startDate')!, endDate: str(values, 'endDate'),
        hoursPerWeek, fullTimeHoursPerWeek,
        partTimeFactor: hoursPerWeek !== null && fullTimeHoursPerWeek !== null ? Math.round((hoursPerWeek / fullTimeHoursPerWeek) * 10000) / 10000 : null,
      }
      return { entity: 'working_hours', record }
    }
    case 'wage': {
      const payScale = coded(values, 'payScale')
      const payGrade = coded(values, 'payGrade')
      if (typeof payScale === 'string') return payScale
      if (typeof payGrade === 'string') return payGrade
      const record: Wage = {
        id, employerId, employmentId: str(values, 'employmentId')!, startDate: str(values, 'startDate')!, endDate: str(values, 'endDate'),
        grossAmountCents: num(values, 'grossAmountCents'), currency: str(values, 'currency') ?? 'EUR',
        period: (values.get('period') as Wage['period'] | undefined) ?? null, fullTimeBasis: bool(values, 'fullTimeBasis'), payScale, payGrade,
      }
      return { entity: 'wage', record }
    }
  }
}
