import type { RunRow } from '../../storage/database.js'

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
