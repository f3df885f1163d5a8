/**
 * The canonical fields a file column can be mapped to, per entity (DESIGN.md §3), with the
 * kind of value each holds: the kind picks the default conversion of a cell and the
 * converters that fit. Paths are the record's own, dotted (`name.lastName`); a coded value is
 * mapped whole (`civilStatus`, with `code_label` or as the code alone) or in parts
 * (`civilStatus.code`, `civilStatus.label`). `id` and the parent's id (`employeeId`,
 * `employmentId`) may be left out where the file lets them be derived (see file-plan.ts).
 */
export type FieldKind =
  | 'id' | 'text' | 'date' | 'number' | 'cents' | 'boolean' | 'bsn' | 'postal' | 'country' | 'currency'
  | 'code' | 'gender' | 'nameUsage' | 'contractType' | 'period'

/** The entities a file can hold, parents first. */
export const fileEntities = ['employee', 'employment', 'working_hours', 'wage'] as const
export type FileEntity = (typeof fileEntities)[number]

const codeParts = (path: string): Record<string, FieldKind> => ({ [path]: 'code', [`${path}.code`]: 'text', [`${path}.label`]: 'text' })

export const canonicalFields: Record<FileEntity, Record<string, FieldKind>> = {
  employee: {
    id: 'id', employeeNumber: 'text', bsn: 'bsn',
    'name.initials': 'text', 'name.firstName': 'text', 'name.prefix': 'text', 'name.lastName': 'text',
    'name.partnerPrefix': 'text', 'name.partnerLastName': 'text', 'name.nameUsage': 'nameUsage', 'name.formatted': 'text',
    dateOfBirth: 'date', dateOfDeath: 'date', gender: 'gender',
    ...codeParts('nationality'), ...codeParts('civilStatus'),
    'address.street': 'text', 'address.houseNumber': 'text', 'address.houseNumberAddition': 'text',
    'address.postalCode': 'postal', 'address.city': 'text', 'address.countryCode': 'country',
    'contact.email': 'text', 'contact.phone': 'text', 'contact.mobile': 'text',
  },
  employment: {
    id: 'id', employeeId: 'id', startDate: 'date', endDate: 'date', historicalStartDate: 'date',
    ...codeParts('endReason'), endedDueToIllness: 'boolean', contractType: 'contractType', isDirectorMajorShareholder: 'boolean',
    payrollId: 'text', incomeRelationshipNumber: 'text', payrollAdministrationId: 'text',
    'job.code': 'text', 'job.title': 'text', 'department.code': 'text', 'department.name': 'text',
  },
  working_hours: {
    id: 'id', employmentId: 'id', startDate: 'date', endDate: 'date', hoursPerWeek: 'number', fullTimeHoursPerWeek: 'number',
  },
  wage: {
    id: 'id', employmentId: 'id', startDate: 'date', endDate: 'date', grossAmountCents: 'cents', currency: 'currency',
    period: 'period', fullTimeBasis: 'boolean', ...codeParts('payScale'), ...codeParts('payGrade'),
  },
}

/** The parent's id field of each entity, and the parent (for a row holding both, the parent's id is the row's). */
export const parentOf: Record<FileEntity, { entity: FileEntity; field: string } | null> = {
  employee: null,
  employment: { entity: 'employee', field: 'employeeId' },
  working_hours: { entity: 'employment', field: 'employmentId' },
  wage: { entity: 'employment', field: 'employmentId' },
}

/** Fields a row must give (after derivation) for a record to exist at all; a file whose columns cannot give them fails. */
export const requiredFields: Record<FileEntity, readonly string[]> = {
  employee: [],
  employment: ['startDate'],
  working_hours: ['startDate'],
  wage: ['startDate'],
}

/** Fields that say nothing of their own entity (ids and references): their presence in a wide file does not make the entity present. */
export const identityFields = new Set(['id', 'employeeId', 'employmentId'])
