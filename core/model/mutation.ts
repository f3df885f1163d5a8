import type { Entity } from './entity-registry.js'
import type { Operation, RecordEventType } from './event-types.js'

/** One field-level change, dotted path (`address.street`); arrays of scalars compare as values. */
export interface Change {
  path: string
  before: unknown
  after: unknown
}

/** The `data` of a record mutation (DESIGN.md §7), as the feed and the webhooks carry it. */
export interface MutationData {
  id: string
  sequence: number
  connection: string
  connector: string
  employerId: string
  entity: Entity
  recordId: string
  operation: Operation
  runId: string
  changes: Change[]
  record: Record<string, unknown> | null
  previous: Record<string, unknown> | null
}

/**
 * Anything the outbox delivers: a record mutation (`employee.updated`) or an operational
 * event. `id` is the `webhook-id`; `orderingKey` groups messages that must arrive in order.
 */
export interface OutboxMessage {
  id: string
  type: string
  /** ISO time the message was created (the envelope's `timestamp`). */
  timestamp: string
  connection: string | null
  /** Mutation sequence, or null for operational events. */
  sequence: number | null
  orderingKey: string
  data: MutationData | Record<string, unknown>
}

export function mutationType(data: Pick<MutationData, 'entity' | 'operation'>): RecordEventType {
  return `${data.entity}.${data.operation}`
}

export function mutationOrderingKey(data: Pick<MutationData, 'connection' | 'entity' | 'recordId'>): string {
  return `${data.connection}/${data.entity}/${data.recordId}`
}
