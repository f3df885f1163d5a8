import type { Transaction } from 'kysely'
import { cachedBySize, rowsPerStatement } from './cached-by-size.js'
import type { Database, NewDeliveryAttempt } from './database.js'
import { preparedQuery } from './prepared-query.js'

export interface AttemptRecord {
  deliveryId: number
  number: number
  startedAt: string
  durationMs: number
  statusCode: number | null
  errorClass: string | null
  responseBody: string | null
}

/** What an attempt did to its delivery. `pending` with a time is a scheduled retry. */
export type DeliveryOutcome =
  | { status: 'delivered' }
  | { status: 'pending'; nextAttemptAt: string; lastError: string }
  | { status: 'failed'; lastError: string }

/** Column values of one `delivery_attempts` row, in insert order. */
const attemptColumns = ['delivery_id', 'number', 'started_at', 'duration_ms', 'status_code', 'error_class', 'response_body'] as const

const insertAttemptsQuery = cachedBySize((rows) =>
  preparedQuery((db, v: Record<string, unknown>) =>
    db.insertInto('delivery_attempts').values(
      Array.from({ length: rows }, (_, i) => Object.fromEntries(attemptColumns.map((column) => [column, v[`${column}_${i}`]])) as NewDeliveryAttempt),
    ),
  ))

const markDeliveredQuery = cachedBySize((rows) =>
  preparedQuery((db, v: Record<string, unknown>) =>
    db
      .updateTable('deliveries')
      .set((eb) => ({ status: 'delivered', attempts: eb('attempts', '+', 1), lease_until: null, last_error: null, finished_at: v.now as string }))
      .where('id', 'in', Array.from({ length: rows }, (_, i) => v[`id_${i}`] as number)),
  ))

/** Stores attempts and their outcomes; delivered ones in one statement (the common case). */
export async function recordAttempts(trx: Transaction<Database>, results: readonly { attempt: AttemptRecord; outcome: DeliveryOutcome }[], now: string): Promise<void> {
  if (results.length === 0) return
  for (let i = 0; i < results.length; i += rowsPerStatement) {
    const chunk = results.slice(i, i + rowsPerStatement)
    const values: Record<string, unknown> = {}
    chunk.forEach(({ attempt: a }, j) => {
      values[`delivery_id_${j}`] = a.deliveryId
      values[`number_${j}`] = a.number
      values[`started_at_${j}`] = a.startedAt
      values[`duration_ms_${j}`] = a.durationMs
      values[`status_code_${j}`] = a.statusCode
      values[`error_class_${j}`] = a.errorClass
      values[`response_body_${j}`] = a.responseBody
    })
    await insertAttemptsQuery(chunk.length)(trx, values)
  }
  const delivered = results.filter((r) => r.outcome.status === 'delivered').map((r) => r.attempt.deliveryId)
  for (let i = 0; i < delivered.length; i += rowsPerStatement) {
    const chunk = delivered.slice(i, i + rowsPerStatement)
    const values: Record<string, unknown> = { now }
    chunk.forEach((id, j) => (values[`id_${j}`] = id))
    await markDeliveredQuery(chunk.length)(trx, values)
  }
  for (const { attempt, outcome } of results) {
    if (outcome.status === 'delivered') continue
    await trx
      .updateTable('deliveries')
      .set((eb) => ({
        status: outcome.status,
        attempts: eb('attempts', '+', 1),
        lease_until: null,
        last_error: outcome.lastError,
        ...(outcome.status === 'pending' ? { next_attempt_at: outcome.nextAttemptAt } : { finished_at: now }),
      }))
      .where('id', '=', attempt.deliveryId)
      .execute()
  }
}
