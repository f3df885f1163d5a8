import { mutationOrderingKey, mutationType, type Entity, type MutationData, type OutboxMessage } from '../model/index.js'
import type { MutationRow } from '../storage/database.js'

/** A stored mutation as the feed and the webhooks' `data` carry it (DESIGN.md §7). */
export function mutationData(row: MutationRow): MutationData {
  return {
    id: row.id,
    sequence: row.sequence,
    connection: row.connection_id,
    connector: row.connector,
    employerId: row.employer_id,
    entity: row.entity as Entity,
    recordId: row.record_id,
    operation: row.operation,
    runId: row.run_id,
    changes: JSON.parse(row.changes) as MutationData['changes'],
    record: row.record === null ? null : (JSON.parse(row.record) as Record<string, unknown>),
    previous: row.previous === null ? null : (JSON.parse(row.previous) as Record<string, unknown>),
  }
}

/** The outbox message of a stored mutation: what replays rebuild their payload from. */
export function mutationMessage(row: MutationRow): OutboxMessage {
  const data = mutationData(row)
  return {
    id: row.id,
    type: mutationType(data),
    timestamp: row.created_at,
    connection: row.connection_id,
    sequence: row.sequence,
    orderingKey: mutationOrderingKey(data),
    data,
  }
}
