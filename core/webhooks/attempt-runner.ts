import type { Logger } from 'pino'
import type { DeliverySlots } from './delivery-slots.js'
import type { DeliveryTarget } from './delivery-target.js'
import type { Queued, SettleStep } from './settle-step.js'
import type { SubscriptionStatus } from './subscription-status.js'

export interface AttemptRunner {
  /** Starts backlogged deliveries while their subscription and the dispatcher have free slots. */
  pump(): void
  /** Starts a delivery whose slot is reserved; resolves once its result is buffered. */
  launch(delivery: Queued): Promise<void>
  /** Resolves when every attempt in flight has finished, or after `ms`. */
  idle(ms: number): Promise<void>
}

export interface AttemptRunnerOptions {
  targets: ReadonlyMap<string, DeliveryTarget>
  slots: DeliverySlots<Queued>
  settle: SettleStep
  status: SubscriptionStatus
  log: Logger
  /** Called when an attempt is done (its slot is free, its result buffered) or parked. */
  finished: () => void
  /** An attempt still waiting after this long is parked (`DeliverySlots.park`). */
  slowAttemptMs: number
}

/**
 * The attempts in flight: starts them, hands their results to the settle step and frees their
 * slots; parks those that wait on their consumer longer than `slowAttemptMs`.
 */
export function createAttemptRunner(options: AttemptRunnerOptions): AttemptRunner {
  const { targets, slots, settle, status, log, finished, slowAttemptMs } = options
  const running = new Set<Promise<void>>()

  function launch(delivery: Queued): Promise<void> {
    const id = delivery.subscription_id
    // A slow consumer keeps its own slots, not the dispatcher's: others go on meanwhile.
    let parked = false
    const slow = setTimeout(() => {
      parked = true
      slots.park(id)
      finished()
    }, slowAttemptMs)
    slow.unref()
    const task = targets
      .get(id)!
      .attempt(delivery)
      .then((result) => {
        settle.add(result)
        // Stop sending this subscription's backlog at once; the claim skips it from now on.
        if (result.disable) status.markDisabled(id)
      })
      .catch((error: unknown) => log.error({ err: { message: (error as Error).message }, deliveryId: delivery.id }, 'webhook attempt crashed'))
      .finally(() => {
        clearTimeout(slow)
        slots.finish(id, parked)
        running.delete(task)
        finished()
      })
    running.add(task)
    return task
  }

  return {
    launch,
    pump() {
      const now = Date.now()
      // A delivery whose lease would run out before its attempt ends is given back instead.
      for (const delivery of slots.take((d) => !status.isDisabled(d.subscription_id) && now <= d.sendBy)) void launch(delivery)
    },
    async idle(ms) {
      const bound = new Promise<void>((resolve) => setTimeout(resolve, ms).unref())
      await Promise.race([Promise.allSettled([...running]).then(() => undefined), bound])
    },
  }
}
