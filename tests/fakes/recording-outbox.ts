import type { OutboxMessage } from '../../core/model/index.js'
import type { Outbox } from '../../core/webhooks/outbox.js'

/** An outbox that keeps every message handed to it, for sync tests that look at events. */
export function createRecordingOutbox(): Outbox & { messages: OutboxMessage[] } {
  const messages: OutboxMessage[] = []
  return {
    messages,
    async enqueue(_trx, batch) {
      messages.push(...batch)
    },
  }
}
