import { randomBytes } from 'node:crypto'
import { pino } from 'pino'
import { webhookSchema, type WebhookConfig } from '../../../config/schema.js'
import { newId } from '../../../core/ids.js'
import { createMetrics, type Metrics } from '../../../core/metrics.js'
import type { Change, Entity, Operation } from '../../../core/model/index.js'
import { type Db } from '../../../core/storage/open-database.js'
import { createDispatcher, type Dispatcher, type DispatcherOptions } from '../../../core/webhooks/dispatcher.js'
import { mutationMessage } from '../../../core/webhooks/mutation-message.js'
import { createOutbox, type Outbox } from '../../../core/webhooks/outbox.js'
import { openTestDatabase } from '../../helpers/test-database.js'

export const silentLog = pino({ level: 'silent' })

export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`
}

/** A webhook block as the YAML would give it, defaults applied by the real schema. */
export function webhookConfig(input: Partial<WebhookConfig> & { id: string; url: string }): WebhookConfig {
  return webhookSchema.parse({ secret: newSecret(), retry_schedule: ['50ms', '100ms'], timeout: '2s', ...input })
}

export interface MutationInput {
  connection?: string
  entity?: Entity
  recordId: string
  operation?: Operation
  changes?: Change[]
  record?: Record<string, unknown> | null
  previous?: Record<string, unknown> | null
}

export interface Harness {
  db: Db
  metrics: Metrics
  outbox: Outbox
  dispatcher: Dispatcher
  /** Inserts mutation rows and enqueues them in one transaction, as the sync engine does. */
  emit(inputs: MutationInput[]): Promise<string[]>
}

export async function createHarness(webhooks: WebhookConfig[], options: Partial<DispatcherOptions> = {}): Promise<Harness> {
  const db = await openTestDatabase()
  const metrics = createMetrics()
  const outbox = createOutbox({ webhooks, log: silentLog, metrics })
  const dispatcher = createDispatcher({ db, webhooks, delivery: { concurrency: 16, poll_interval: '20ms' }, log: silentLog, metrics, ...options })
  const emit = (inputs: MutationInput[]) => emitMutations(db, outbox, inputs)
  return { db, metrics, outbox, dispatcher, emit }
}

/** Inserts mutation rows and enqueues them through `outbox` in one transaction, as the sync engine does. */
export function emitMutations(db: Db, outbox: Outbox, inputs: MutationInput[]): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const messages = []
    for (const input of inputs) {
      const operation = input.operation ?? 'updated'
      const row = await trx
        .insertInto('mutations')
        .values({
          id: newId('mut'),
          connection_id: input.connection ?? 'acme-loket',
          connector: 'loket',
          employer_id: 'emp-1',
          entity: input.entity ?? 'employee',
          record_id: input.recordId,
          operation,
          run_id: 'run_1',
          changes: JSON.stringify(input.changes ?? []),
          record: operation === 'deleted' ? null : JSON.stringify(input.record ?? { id: input.recordId }),
          previous: operation === 'created' ? null : JSON.stringify(input.previous ?? { id: input.recordId }),
          created_at: new Date().toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow()
      messages.push(mutationMessage(row))
    }
    await outbox.enqueue(trx, messages)
    return messages.map((message) => message.id)
  })
}

/** Polls `condition` until true (no fixed sleeps in tests). */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
