import type { MutationData } from '../../model/index.js'
import type { MutationRow, RunRow } from '../../storage/database.js'

/** The API's run object (DESIGN.md §6). */
export function presentRun(row: RunRow) {
  return {
    id: row.id,
    connection: row.connection_id,
    status: row.status,
    mode: row.mode,
    trigger: row.trigger,
    force: row.force === 1,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: row.finished_at ? Date.parse(row.finished_at) - Date.parse(row.started_at) : null,
    counts: JSON.parse(row.counts) as unknown,
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
    employers: JSON.parse(row.employers) as unknown,
  }
}

/** A stored mutation as the feed and the webhooks' `data` carry it (DESIGN.md §7). */
export function presentMutation(row: MutationRow): MutationData {
  return {
    id: row.id,
    sequence: row.sequence,
    connection: row.connection_id,
    connector: row.connector,
    employerId: row.employer_id,
    entity: row.entity as MutationData['entity'],
    recordId: row.record_id,
    operation: row.operation,
    runId: row.run_id,
    changes: JSON.parse(row.changes) as MutationData['changes'],
    record: row.record === null ? null : (JSON.parse(row.record) as Record<string, unknown>),
    previous: row.previous === null ? null : (JSON.parse(row.previous) as Record<string, unknown>),
  }
}
