import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database, DeliveryRow, DeliveryStatus, NewDelivery, NewDeliveryAttempt } from './database.js'
import { preparedQuery } from './prepared-query.js'

type Executor = Kysely<Database> | Transaction<Database>

/** SQLite allows 32766 bound variables per statement; 500 rows × 11 columns stays far below. */
const insertChunk = 500

export async function insertDeliveries(db: Executor, rows: readonly NewDelivery[]): Promise<void> {
  for (let i = 0; i < rows.length; i += insertChunk) {
    await db.insertInto('deliveries').values(rows.slice(i, i + insertChunk)).execute()
  }
}

export type ClaimedDelivery = Pick<DeliveryRow, 'id' | 'subscription_id' | 'message_id' | 'payload' | 'attempts'>

/** Deliveries whose lease ran out (their dispatcher died mid-attempt) become due again. */
export async function releaseExpiredLeases(db: Executor, now: string): Promise<number> {
  const result = await db
    .updateTable('deliveries')
    .set({ status: 'pending', lease_until: null })
    .where('status', '=', 'delivering')
    .where('lease_until', '<=', now)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

type ClaimValues = { subscriptionId: string; now: string; leaseUntil: string; limit: number }

const claimQuery = preparedQuery((db, v: ClaimValues) =>
  db
    .updateTable('deliveries')
    .set({ status: 'delivering', lease_until: v.leaseUntil })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('deliveries as d')
        .select('d.id')
        .where('d.subscription_id', '=', v.subscriptionId)
        .where('d.status', '=', 'pending')
        .where('d.next_attempt_at', '<=', v.now)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('deliveries as e')
                .select(sql<number>`1`.as('one'))
                .whereRef('e.subscription_id', '=', 'd.subscription_id')
                .whereRef('e.ordering_key', '=', 'd.ordering_key')
                .whereRef('e.id', '<', 'd.id')
                // Literal values so SQLite can use the partial index `deliveries_open`.
                .where(sql<boolean>`${sql.ref('e.status')} in ('pending', 'delivering')`),
            ),
          ),
        )
        .orderBy('d.next_attempt_at')
        .orderBy('d.id')
        .limit(v.limit),
    )
    .returning(['id', 'subscription_id', 'message_id', 'payload', 'attempts']),
)

/**
 * Claims up to `limit` due deliveries of one subscription in a single statement: pending,
 * due, and not waiting behind an earlier unfinished delivery with the same ordering key
 * (strict order per record). On PostgreSQL the inner select takes `FOR UPDATE SKIP LOCKED`.
 */
export async function claimDeliveries(db: Executor, options: ClaimValues): Promise<ClaimedDelivery[]> {
  if (options.limit <= 0) return []
  return (await claimQuery(db, options)).rows
}

/**
 * Gives claimed deliveries that were never sent back to the queue (the dispatcher stopped,
 * or their subscription was disabled while they waited for a slot): pending, no lease.
 */
export async function releaseClaims(db: Executor, ids: readonly number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += insertChunk) {
    await db
      .updateTable('deliveries')
      .set({ status: 'pending', lease_until: null })
      .where('status', '=', 'delivering')
      .where('id', 'in', ids.slice(i, i + insertChunk))
      .execute()
  }
}

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

/** Multi-row statements by row count: compiled once per size, as results come in similar batches. */
const insertAttemptsQueries = new Map<number, ReturnType<typeof insertAttemptsQuery>>()
const insertAttemptsQuery = (rows: number) =>
  preparedQuery((db, v: Record<string, unknown>) =>
    db.insertInto('delivery_attempts').values(
      Array.from({ length: rows }, (_, i) => Object.fromEntries(attemptColumns.map((column) => [column, v[`${column}_${i}`]])) as NewDeliveryAttempt),
    ),
  )

const markDeliveredQueries = new Map<number, ReturnType<typeof markDeliveredQuery>>()
const markDeliveredQuery = (rows: number) =>
  preparedQuery((db, v: Record<string, unknown>) =>
    db
      .updateTable('deliveries')
      .set((eb) => ({ status: 'delivered', attempts: eb('attempts', '+', 1), lease_until: null, last_error: null, finished_at: v.now as string }))
      .where('id', 'in', Array.from({ length: rows }, (_, i) => v[`id_${i}`] as number)),
  )

const cached = <Q>(cache: Map<number, Q>, rows: number, make: (rows: number) => Q): Q => {
  let query = cache.get(rows)
  if (!query) cache.set(rows, (query = make(rows)))
  return query
}

/** Stores attempts and their outcomes; delivered ones in one statement (the common case). */
export async function recordAttempts(trx: Transaction<Database>, results: readonly { attempt: AttemptRecord; outcome: DeliveryOutcome }[], now: string): Promise<void> {
  if (results.length === 0) return
  for (let i = 0; i < results.length; i += insertChunk) {
    const chunk = results.slice(i, i + insertChunk)
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
    await cached(insertAttemptsQueries, chunk.length, insertAttemptsQuery)(trx, values)
  }
  const delivered = results.filter((r) => r.outcome.status === 'delivered').map((r) => r.attempt.deliveryId)
  for (let i = 0; i < delivered.length; i += insertChunk) {
    const chunk = delivered.slice(i, i + insertChunk)
    const values: Record<string, unknown> = { now }
    chunk.forEach((id, j) => (values[`id_${j}`] = id))
    await cached(markDeliveredQueries, chunk.length, markDeliveredQuery)(trx, values)
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

export async function countDeliveriesByStatus(db: Executor): Promise<{ subscriptionId: string; status: DeliveryStatus; count: number }[]> {
  const rows = await db
    .selectFrom('deliveries')
    .select(['subscription_id', 'status', (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy(['subscription_id', 'status'])
    .execute()
  return rows.map((row) => ({ subscriptionId: row.subscription_id, status: row.status, count: Number(row.count) }))
}

/** Unfinished deliveries and the creation time of the oldest one, for the metrics gauges. */
export async function deliveryQueueStats(db: Executor): Promise<{ depth: number; oldestCreatedAt: string | null }> {
  const row = await db
    .selectFrom('deliveries')
    .select([(eb) => eb.fn.countAll<number>().as('depth'), (eb) => eb.fn.min('created_at').as('oldest')])
    .where('status', 'in', ['pending', 'delivering'])
    .executeTakeFirstOrThrow()
  return { depth: Number(row.depth), oldestCreatedAt: (row.oldest as string | null) ?? null }
}

/** Whether any of these subscriptions, while enabled, still has an unfinished delivery. */
export async function hasUnfinishedDeliveries(db: Executor, subscriptionIds: readonly string[]): Promise<boolean> {
  if (subscriptionIds.length === 0) return false
  const row = await db
    .selectFrom('deliveries')
    .innerJoin('subscriptions', 'subscriptions.id', 'deliveries.subscription_id')
    .select('deliveries.id')
    .where('subscriptions.status', '=', 'enabled')
    .where('deliveries.subscription_id', 'in', [...subscriptionIds])
    .where('deliveries.status', 'in', ['pending', 'delivering'])
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}
