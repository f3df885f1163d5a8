import { entities, type Entity } from './entity-registry.js'

export const operations = ['created', 'updated', 'deleted'] as const
export type Operation = (typeof operations)[number]

/** Events about a run or a connection rather than a record (DESIGN.md §7). */
export const operationalEventTypes = [
  'sync.succeeded',
  'sync.failed',
  'sync.held',
  'sync.baseline',
  'connection.authorization_required',
] as const
export type OperationalEventType = (typeof operationalEventTypes)[number]

/** `employee.updated`: one per entity and operation. */
export type RecordEventType = `${Entity}.${Operation}`
export type EventType = RecordEventType | OperationalEventType

/** Every event type a webhook can receive (DESIGN.md §7): `<entity>.<operation>` for every registered entity, then the operational events. */
export const eventTypes: readonly EventType[] = Object.freeze([
  ...entities.flatMap((entity) => operations.map((operation): RecordEventType => `${entity}.${operation}`)),
  ...operationalEventTypes,
])
