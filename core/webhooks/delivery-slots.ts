/** What the accounting needs of a claimed delivery. */
export interface BacklogItem {
  id: number
  subscription_id: string
}

export interface SlotSubscription {
  id: string
  enabled: boolean
  /** Attempts of this subscription in flight at once. */
  concurrency: number
}

/** How many deliveries one claim may take: `total` overall, at most `limit` per subscription, in this order. */
export interface ClaimPlan {
  total: number
  subscriptions: { id: string; limit: number }[]
}

const count = (map: Map<string, number>, id: string, delta: number) => map.set(id, (map.get(id) ?? 0) + delta)

/**
 * The dispatcher's slot and backlog accounting, no I/O: attempts in flight overall and per
 * subscription, the backlog of claimed deliveries waiting for a slot, and the claimed ones
 * that will not be sent (given back at the next settle). A slot is reserved when a delivery
 * is taken to start and freed by `finish` when its attempt is done. An attempt that waits on
 * a slow consumer is `park`ed: it keeps its subscription's slot but gives back its overall
 * one, so a stalled consumer holds at most its own concurrency and never the others' slots.
 */
export class DeliverySlots<T extends BacklogItem> {
  /** What can really be in flight: the overall limit, or less when the enabled webhooks allow fewer. */
  readonly maxInFlight: number
  /** Refill the backlog when it is down to this many, so claims come in batches. */
  readonly lowWater: number
  /** Free slots worth a burst of requests. */
  readonly batchSlots: number
  readonly #concurrency: number
  readonly #subscriptions: readonly SlotSubscription[]
  readonly #limits: Map<string, number>
  readonly #inFlight = new Map<string, number>()
  readonly #queued = new Map<string, number>()
  #backlog: T[] = []
  #unsent: number[] = []
  #running = 0
  #parked = 0
  #rotation = 0

  constructor(concurrency: number, subscriptions: readonly SlotSubscription[]) {
    this.#concurrency = concurrency
    this.#subscriptions = subscriptions
    this.#limits = new Map(subscriptions.map((s) => [s.id, s.concurrency]))
    this.maxInFlight = Math.max(1, Math.min(concurrency, subscriptions.reduce((sum, s) => sum + (s.enabled ? s.concurrency : 0), 0)))
    this.lowWater = Math.floor(this.maxInFlight / 4)
    this.batchSlots = Math.max(1, Math.ceil(this.maxInFlight / 4))
  }

  /** Attempts in flight that count against the overall limit (not parked). */
  get running(): number {
    return this.#running
  }

  /** Attempts in flight that wait on a slow consumer (parked). */
  get parked(): number {
    return this.#parked
  }

  get backlog(): number {
    return this.#backlog.length
  }

  get freeSlots(): number {
    return this.maxInFlight - this.#running
  }

  /** Claimed deliveries that will not be sent; `takeUnsent` empties it. */
  get unsent(): number {
    return this.#unsent.length
  }

  inFlightOf(subscriptionId: string): number {
    return this.#inFlight.get(subscriptionId) ?? 0
  }

  /** Adds claimed deliveries to the end of the backlog. */
  enqueue(deliveries: readonly T[]): void {
    for (const delivery of deliveries) {
      this.#backlog.push(delivery)
      count(this.#queued, delivery.subscription_id, 1)
    }
  }

  /**
   * Takes, in backlog order, the deliveries that may start now (their subscription and the
   * dispatcher have a free slot) and reserves a slot for each. Those `sendable` rejects
   * (subscription disabled, lease about to run out) take no slot and are set aside as unsent.
   */
  take(sendable: (delivery: T) => boolean): T[] {
    const started: T[] = []
    const queue = this.#backlog
    for (let i = 0; i < queue.length && this.#running < this.#concurrency; ) {
      const delivery = queue[i]!
      const id = delivery.subscription_id
      if (this.inFlightOf(id) >= (this.#limits.get(id) ?? 0)) {
        i++
        continue
      }
      queue.splice(i, 1)
      count(this.#queued, id, -1)
      if (!sendable(delivery)) this.#unsent.push(delivery.id)
      else {
        this.reserve(id)
        started.push(delivery)
      }
    }
    return started
  }

  /** Counts an attempt of this subscription as in flight (a delivery started without the backlog). */
  reserve(subscriptionId: string): void {
    count(this.#inFlight, subscriptionId, 1)
    this.#running++
  }

  /**
   * An attempt has waited long on its consumer: it stops counting against the overall limit
   * (its subscription's own limit still holds it). Call once per attempt, then `finish(id, true)`.
   */
  park(_subscriptionId: string): void {
    this.#running--
    this.#parked++
  }

  /** An attempt is done: its slot is free again (`parked`: it was parked). */
  finish(subscriptionId: string, parked = false): void {
    count(this.#inFlight, subscriptionId, -1)
    if (parked) this.#parked--
    else this.#running--
  }

  /**
   * What the next claim may take: up to `rounds` times the free slots, overall and per
   * subscription, minus what is in flight or backlogged. Subscriptions that are disabled in
   * the config or by `isDisabled` are left out; who goes first rotates with every plan.
   */
  claimPlan(rounds: number, isDisabled: (subscriptionId: string) => boolean): ClaimPlan {
    const eligible = this.#subscriptions.filter((s) => s.enabled && !isDisabled(s.id))
    const subscriptions = eligible.map((_, i) => {
      const { id, concurrency } = eligible[(this.#rotation + i) % eligible.length]!
      return { id, limit: rounds * concurrency - this.inFlightOf(id) - (this.#queued.get(id) ?? 0) }
    })
    this.#rotation++
    return { total: rounds * this.#concurrency - this.#running - this.#backlog.length, subscriptions }
  }

  /** Empties the backlog into the unsent list (the dispatcher stops). */
  returnBacklog(): void {
    for (const delivery of this.#backlog) this.#unsent.push(delivery.id)
    this.#backlog = []
    this.#queued.clear()
  }

  /** The ids of claimed deliveries that will not be sent, to give back; empties the list. */
  takeUnsent(): number[] {
    const ids = this.#unsent
    this.#unsent = []
    return ids
  }
}
