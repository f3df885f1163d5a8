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

/**
 * How many deliveries one claim may take: first `fair` of each subscription (beyond `total` if
 * need be), then in this order what is left of `total`, at most `limit` per subscription.
 */
export interface ClaimPlan {
  total: number
  subscriptions: { id: string; limit: number; fair: number }[]
}

const count = (map: Map<string, number>, id: string, delta: number) => map.set(id, (map.get(id) ?? 0) + delta)

/**
 * The dispatcher's slot and backlog accounting, no I/O: attempts in flight overall and per
 * subscription, the backlog of claimed deliveries waiting for a slot, and the claimed ones
 * that will not be sent (given back at the next settle). A slot is reserved when a delivery
 * is taken to start and freed by `finish` when its attempt is done. An attempt that waits on
 * a slow consumer is `park`ed: it keeps its subscription's slot but gives back its overall
 * one, so a stalled consumer holds at most its own concurrency and never the others' slots.
 * While several subscriptions have work, the overall slots are shared max-min fairly (`take`),
 * so a stalled one holds at most its share until its attempts are parked.
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
  /** In flight and not parked: what counts against the overall limit, per subscription. */
  readonly #runningOf = new Map<string, number>()
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
   * dispatcher have a free slot, and the subscription is under its share) and reserves a slot
   * for each. Those `sendable` rejects (subscription disabled, lease about to run out) take no
   * slot and are set aside as unsent.
   */
  take(sendable: (delivery: T) => boolean): T[] {
    const started: T[] = []
    // What will not be sent leaves first, so it claims no share.
    const queue = this.#backlog.filter((delivery) => {
      if (sendable(delivery)) return true
      count(this.#queued, delivery.subscription_id, -1)
      this.#unsent.push(delivery.id)
      return false
    })
    this.#backlog = queue
    const shares = this.shares()
    for (let i = 0; i < queue.length && this.#running < this.#concurrency; ) {
      const delivery = queue[i]!
      const id = delivery.subscription_id
      if (this.inFlightOf(id) >= (this.#limits.get(id) ?? 0) || (this.#runningOf.get(id) ?? 0) >= (shares.get(id) ?? 0)) {
        i++
        continue
      }
      queue.splice(i, 1)
      count(this.#queued, id, -1)
      this.reserve(id)
      started.push(delivery)
    }
    return started
  }

  /**
   * The overall slots each subscription may hold unparked now, shared max-min fairly among
   * those with work (backlogged or running): none gets more than an equal part of what the
   * others leave, and what one cannot use (its own limit, parked attempts) goes to the rest.
   * A subscription whose backlog ran dry keeps its part while its attempts run, so a stalled
   * one cannot take it between two claims.
   */
  shares(): Map<string, number> {
    const wanting = this.#subscriptions.filter((s) => (this.#queued.get(s.id) ?? 0) > 0 || (this.#runningOf.get(s.id) ?? 0) > 0)
    return this.#fairShares(wanting)
  }

  /**
   * Whether a burst of requests can go out: a quarter of the overall slots is free, or some
   * subscription with backlog has a quarter of its share free (while a stalled consumer holds
   * its share, the others' bursts are measured by theirs).
   */
  burstReady(): boolean {
    if (this.freeSlots >= this.batchSlots) return true
    if (this.#running >= this.#concurrency) return false
    for (const [id, share] of this.shares()) {
      if ((this.#queued.get(id) ?? 0) === 0 || this.inFlightOf(id) >= (this.#limits.get(id) ?? 0)) continue
      if (share - (this.#runningOf.get(id) ?? 0) >= Math.max(1, Math.ceil(share / 4))) return true
    }
    return false
  }

  /**
   * Max-min fair parts of the overall limit; a subscription can use at most its own limit less
   * its parked attempts, and one that can use any gets at least one.
   */
  #fairShares(subscriptions: readonly SlotSubscription[]): Map<string, number> {
    const wanting = subscriptions
      .map((s) => ({ id: s.id, cap: s.concurrency - (this.inFlightOf(s.id) - (this.#runningOf.get(s.id) ?? 0)) }))
      .sort((a, b) => a.cap - b.cap)
    const shares = new Map<string, number>()
    let left = this.#concurrency
    wanting.forEach(({ id, cap }, i) => {
      // At least one each: with more subscriptions than slots, backlog order (claims rotate) decides.
      const share = cap <= 0 ? 0 : Math.max(1, Math.min(cap, Math.ceil(left / (wanting.length - i))))
      shares.set(id, share)
      left = Math.max(0, left - share)
    })
    return shares
  }

  /** Counts an attempt of this subscription as in flight (a delivery started without the backlog). */
  reserve(subscriptionId: string): void {
    count(this.#inFlight, subscriptionId, 1)
    count(this.#runningOf, subscriptionId, 1)
    this.#running++
  }

  /**
   * An attempt has waited long on its consumer: it stops counting against the overall limit
   * (its subscription's own limit still holds it). Call once per attempt, then `finish(id, true)`.
   */
  park(subscriptionId: string): void {
    count(this.#runningOf, subscriptionId, -1)
    this.#running--
    this.#parked++
  }

  /** An attempt is done: its slot is free again (`parked`: it was parked). */
  finish(subscriptionId: string, parked = false): void {
    count(this.#inFlight, subscriptionId, -1)
    if (parked) this.#parked--
    else {
      count(this.#runningOf, subscriptionId, -1)
      this.#running--
    }
  }

  /**
   * What the next claim may take: up to `rounds` times the free slots, overall and per
   * subscription, minus what is in flight or backlogged; and first of all `rounds` times each
   * subscription's fair part of the overall slots (as if all had work), minus what it runs and
   * has backlogged, even when others' backlog fills `total` (a stalled consumer's backlog never
   * keeps a healthy one from claiming). Subscriptions that are disabled in the config or by
   * `isDisabled` are left out; who goes first rotates with every plan.
   */
  claimPlan(rounds: number, isDisabled: (subscriptionId: string) => boolean): ClaimPlan {
    const eligible = this.#subscriptions.filter((s) => s.enabled && !isDisabled(s.id))
    const fair = this.#fairShares(eligible)
    const subscriptions = eligible.map((_, i) => {
      const { id, concurrency } = eligible[(this.#rotation + i) % eligible.length]!
      const queued = this.#queued.get(id) ?? 0
      return { id, limit: rounds * concurrency - this.inFlightOf(id) - queued, fair: rounds * fair.get(id)! - (this.#runningOf.get(id) ?? 0) - queued }
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
