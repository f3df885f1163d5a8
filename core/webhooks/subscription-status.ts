import type { Db } from '../storage/open-database.js'
import { listSubscriptions, syncSubscriptions } from '../storage/subscriptions.js'

/**
 * What the dispatcher knows of its subscriptions' rows: that they exist (created once,
 * retried after a failure) and which are disabled. The disabled set is re-read when older
 * than `maxAgeMs` or after `forget()` (wake()); a 410 adds to it at once, so the backlog of
 * that subscription stops before its result is stored.
 */
export class SubscriptionStatus {
  readonly #db: Db
  readonly #webhooks: readonly { id: string }[]
  readonly #maxAgeMs: number
  #synced: Promise<void> | undefined
  #disabled: { at: number; ids: Set<string> } | undefined

  constructor(db: Db, webhooks: readonly { id: string }[], maxAgeMs: number) {
    this.#db = db
    this.#webhooks = webhooks
    this.#maxAgeMs = maxAgeMs
  }

  /** Creates the subscription rows of the configured webhooks, once. */
  ensureRows(): Promise<void> {
    return (this.#synced ??= syncSubscriptions(this.#db, this.#webhooks).catch((error: unknown) => {
      this.#synced = undefined
      throw error
    }))
  }

  /** Re-reads the disabled subscriptions unless the last read is recent. */
  async refresh(nowMs: number): Promise<void> {
    if (this.#disabled && nowMs - this.#disabled.at < this.#maxAgeMs) return
    const ids = new Set((await listSubscriptions(this.#db)).filter((row) => row.status === 'disabled').map((row) => row.id))
    this.#disabled = { at: nowMs, ids }
  }

  isDisabled(id: string): boolean {
    return this.#disabled?.ids.has(id) ?? false
  }

  /** A 410 came back: counts as disabled from now on; the next refresh reads the rows again. */
  markDisabled(id: string): void {
    ;(this.#disabled ??= { at: 0, ids: new Set() }).ids.add(id)
  }

  /** Re-read at the next refresh (an admin may have enabled one). */
  forget(): void {
    this.#disabled = undefined
  }
}
