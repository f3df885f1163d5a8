import { z } from 'zod'
import type { Operation, OperationalEventType } from '../../model/index.js'
import { employerResult, runCounts } from './api-schemas.js'
import { named } from './document-registry.js'
import { documentedEntities, pascalCase, type DocumentedEntity } from './entity-catalogue.js'

/**
 * The webhook bodies (DESIGN.md §7): `{type, timestamp, data}`, where `data` is a mutation
 * (record mutations, the same object as in `GET /api/mutations`) or an operational event's
 * facts, as `runSync` and the token provider record them through `recordEvent`.
 */
const timestamp = z.iso.datetime({ offset: true })
const errorInfo = z.object({ code: z.string(), message: z.string() })
const operations = ['created', 'updated', 'deleted'] as const satisfies readonly Operation[]

export const change = named('Change', z.object({
  /** Dotted path in the record, e.g. `address.street`. */
  path: z.string(),
  before: z.unknown(),
  after: z.unknown(),
}))

/** `data` of a mutation of `entity`; `record` is null for deleted, `previous` null for created. */
function mutationData(entry: DocumentedEntity, operation?: Operation) {
  const record = operation === 'deleted' ? z.null() : operation === undefined ? entry.schema.nullable() : entry.schema
  const previous = operation === 'created' ? z.null() : operation === undefined ? entry.schema.nullable() : entry.schema
  return z.object({
    id: z.string(),
    sequence: z.number().int(),
    connection: z.string(),
    connector: z.string(),
    employerId: z.string(),
    entity: z.literal(entry.entity),
    recordId: z.string(),
    operation: operation === undefined ? z.enum(operations) : z.literal(operation),
    runId: z.string(),
    changes: z.array(change),
    record,
    previous,
  })
}

for (const entry of documentedEntities) named(entry.component, entry.schema, `A canonical ${entry.entity} record (DESIGN.md §3).`)

/** One item of the catch-up feed: a mutation of any entity. */
export const mutation = named('Mutation', z.discriminatedUnion('entity', documentedEntities.map((entry) =>
  named(`${entry.component}Mutation`, mutationData(entry)),
) as unknown as [z.ZodObject, ...z.ZodObject[]]))

const syncSummary = (status: 'succeeded' | 'failed' | 'held') => z.object({
  id: z.string(),
  connection: z.string(),
  runId: z.string(),
  status: z.literal(status),
  mode: z.enum(['full', 'incremental']),
  counts: runCounts,
  mutations: z.number().int(),
  error: errorInfo.nullable(),
  employers: z.array(employerResult.pick({ employer: true, employerId: true, status: true, error: true })),
})

const operationalData = {
  'sync.succeeded': syncSummary('succeeded'),
  'sync.failed': syncSummary('failed'),
  'sync.held': syncSummary('held'),
  /** Employers whose first run stored the snapshot without emitting mutations. */
  'sync.baseline': z.object({ id: z.string(), connection: z.string(), runId: z.string(), employers: z.array(z.string()) }),
  'connection.authorization_required': z.object({ id: z.string(), connection: z.string(), reason: z.string() }),
} satisfies Record<OperationalEventType, z.ZodType>

export interface EventSchema {
  type: string
  /** The component name of the whole body, e.g. `EmployeeUpdatedEvent`. */
  component: string
  summary: string
  schema: z.ZodType
}

const envelope = (type: string, data: z.ZodType) => z.object({ type: z.literal(type), timestamp, data })

/** Every event type a subscription can receive, with the schema of its body, in the model's order. */
export const eventSchemas: readonly EventSchema[] = [
  ...documentedEntities.flatMap((entry) => operations.map((operation) => {
    const type = `${entry.entity}.${operation}`
    return { type, component: `${entry.component}${pascalCase(operation)}Event`, summary: `A ${entry.entity} was ${operation}.`, schema: envelope(type, mutationData(entry, operation)) }
  })),
  ...Object.entries(operationalData).map(([type, data]) => ({
    type, component: `${pascalCase(type)}Event`, summary: `Operational event ${type}.`, schema: envelope(type, data),
  })),
].map((event) => ({ ...event, schema: named(event.component, event.schema, `${event.summary} Paths in the subscription's \`exclude_fields\` are absent from \`record\`, \`previous\` and \`changes\`.`) }))
