import { describe, expect, it } from 'vitest'
import { DeliverySlots } from '../../../core/webhooks/delivery-slots.js'

let nextId = 1
const deliveries = (subscription: string, n: number) => Array.from({ length: n }, () => ({ id: nextId++, subscription_id: subscription }))
const always = () => true

describe('DeliverySlots', () => {
  it('caps what can be in flight at the overall limit or the sum of enabled webhooks, and sizes backlog and bursts from it', () => {
    const slots = new DeliverySlots(32, [
      { id: 'hr', enabled: true, concurrency: 4 },
      { id: 'fin', enabled: true, concurrency: 8 },
      { id: 'off', enabled: false, concurrency: 100 },
    ])
    expect(slots.maxInFlight).toBe(12)
    expect(slots.lowWater).toBe(3)
    expect(slots.batchSlots).toBe(3)
    expect(new DeliverySlots(5, [{ id: 'hr', enabled: true, concurrency: 8 }]).maxInFlight).toBe(5)
    const none = new DeliverySlots(16, [{ id: 'off', enabled: false, concurrency: 8 }])
    expect([none.maxInFlight, none.lowWater, none.batchSlots]).toEqual([1, 0, 1])
  })

  it('takes in backlog order while the subscription and the dispatcher have a free slot, skipping full subscriptions', () => {
    const slots = new DeliverySlots(3, [
      { id: 'hr', enabled: true, concurrency: 1 },
      { id: 'fin', enabled: true, concurrency: 3 },
    ])
    const [hr1, hr2] = deliveries('hr', 2)
    const [fin1, fin2, fin3] = deliveries('fin', 3)
    slots.enqueue([hr1!, hr2!, fin1!, fin2!, fin3!])
    expect(slots.take(always)).toEqual([hr1, fin1, fin2])
    expect([slots.running, slots.backlog, slots.freeSlots]).toEqual([3, 2, 0])
    expect([slots.inFlightOf('hr'), slots.inFlightOf('fin')]).toEqual([1, 2])
    // Nothing free: the overall limit holds although fin could take fin3.
    expect(slots.take(always)).toEqual([])
    slots.finish('fin')
    // fin has a slot again, hr does not: hr2 keeps its place, fin3 overtakes it.
    expect(slots.take(always)).toEqual([fin3])
    slots.finish('hr')
    expect(slots.take(always)).toEqual([hr2])
    expect([slots.running, slots.backlog]).toEqual([3, 0])
  })

  it('shares the overall slots max-min fairly among subscriptions with work, whatever the backlog order', () => {
    const slots = new DeliverySlots(32, [
      { id: 'small', enabled: true, concurrency: 4 },
      { id: 'big', enabled: true, concurrency: 32 },
      { id: 'other', enabled: true, concurrency: 32 },
      { id: 'idle', enabled: true, concurrency: 32 },
    ])
    // big comes first with as much work as the whole dispatcher; idle has none.
    slots.enqueue([...deliveries('big', 40), ...deliveries('other', 40), ...deliveries('small', 10)])
    const started = slots.take(always)
    const per = (id: string) => started.filter((d) => d.subscription_id === id).length
    // small cannot use a third (its own limit is 4): big and other share what it leaves.
    expect([per('small'), per('big'), per('other'), per('idle')]).toEqual([4, 14, 14, 0])
    expect(slots.freeSlots).toBe(0)
  })

  it('gives every subscription with work a share of at least one when there are more of them than slots', () => {
    const slots = new DeliverySlots(2, ['a', 'b', 'c'].map((id) => ({ id, enabled: true, concurrency: 4 })))
    slots.enqueue([...deliveries('c', 2), ...deliveries('b', 2), ...deliveries('a', 2)])
    expect([...slots.shares().values()]).toEqual([1, 1, 1])
    // Backlog order decides: a waits for what was queued before it, and only for that.
    expect(slots.take(always).map((d) => d.subscription_id)).toEqual(['c', 'b'])
    slots.finish('c')
    slots.finish('b')
    expect(slots.take(always).map((d) => d.subscription_id)).toEqual(['c', 'b'])
    slots.finish('c')
    slots.finish('b')
    expect(slots.take(always).map((d) => d.subscription_id)).toEqual(['a', 'a'])
  })

  it('keeps the part of a subscription whose backlog ran dry while its attempts run, and gives it away once they are done', () => {
    const slots = new DeliverySlots(4, [
      { id: 'greedy', enabled: true, concurrency: 4 },
      { id: 'quick', enabled: true, concurrency: 4 },
    ])
    slots.enqueue([...deliveries('greedy', 10), ...deliveries('quick', 2)])
    expect(slots.take(always).map((d) => d.subscription_id)).toEqual(['greedy', 'greedy', 'quick', 'quick'])
    slots.finish('quick')
    // quick has nothing queued but one attempt running: greedy stays at its half.
    expect(slots.take(always)).toEqual([])
    slots.finish('quick')
    // quick is done: greedy may have every slot.
    expect(slots.take(always).map((d) => d.subscription_id)).toEqual(['greedy', 'greedy'])
    expect([slots.running, slots.inFlightOf('greedy')]).toEqual([4, 4])
  })

  it('is ready for a burst when a quarter of the slots, or of a subscription with backlog its share, is free', () => {
    const slots = new DeliverySlots(8, [
      { id: 'stuck', enabled: true, concurrency: 8 },
      { id: 'fast', enabled: true, concurrency: 8 },
    ])
    slots.enqueue([...deliveries('stuck', 8), ...deliveries('fast', 8)])
    expect(slots.take(always).length).toBe(8)
    expect(slots.burstReady()).toBe(false)
    // One of fast's 4 is done: a quarter of its share, although only 1 of the 8 slots is free.
    slots.finish('fast')
    expect([slots.freeSlots, slots.batchSlots]).toEqual([1, 2])
    expect(slots.burstReady()).toBe(true)
    // Alone, a subscription waits for a quarter of all the slots.
    const alone = new DeliverySlots(8, [{ id: 'fast', enabled: true, concurrency: 8 }])
    alone.enqueue(deliveries('fast', 10))
    alone.take(always)
    alone.finish('fast')
    expect(alone.burstReady()).toBe(false)
    alone.finish('fast')
    expect(alone.burstReady()).toBe(true)
  })

  it('sets aside what sendable rejects, without taking a slot, and gives it back once', () => {
    const slots = new DeliverySlots(2, [
      { id: 'hr', enabled: true, concurrency: 2 },
      { id: 'gone', enabled: true, concurrency: 2 },
    ])
    const [gone1, gone2] = deliveries('gone', 2)
    const [hr1, hr2] = deliveries('hr', 2)
    slots.enqueue([gone1!, hr1!, gone2!, hr2!])
    expect(slots.take((d) => d.subscription_id !== 'gone')).toEqual([hr1, hr2])
    expect([slots.running, slots.unsent]).toEqual([2, 2])
    expect(slots.takeUnsent()).toEqual([gone1!.id, gone2!.id])
    expect(slots.takeUnsent()).toEqual([])
  })

  it('plans claims up to rounds times the free slots, minus in flight and backlog, rotating who goes first', () => {
    const slots = new DeliverySlots(8, [
      { id: 'a', enabled: true, concurrency: 4 },
      { id: 'b', enabled: true, concurrency: 2 },
      { id: 'c', enabled: true, concurrency: 2 },
      { id: 'off', enabled: false, concurrency: 2 },
    ])
    slots.enqueue(deliveries('a', 3))
    slots.take(always)
    slots.enqueue(deliveries('a', 2))
    // a: 3 in flight, 2 backlogged. Two rounds: 16 overall - 3 - 2; a may take 8 - 3 - 2.
    // Fair parts of the 8 slots: b and c 2 each (their own limit), a the 4 left; two rounds of them less what runs and waits.
    const noneDisabled = () => false
    expect(slots.claimPlan(2, noneDisabled)).toEqual({ total: 11, subscriptions: [{ id: 'a', limit: 3, fair: 3 }, { id: 'b', limit: 4, fair: 4 }, { id: 'c', limit: 4, fair: 4 }] })
    expect(slots.claimPlan(1, noneDisabled).subscriptions.map((s) => s.id)).toEqual(['b', 'c', 'a'])
    expect(slots.claimPlan(1, (id) => id === 'b')).toEqual({ total: 3, subscriptions: [{ id: 'a', limit: -1, fair: -1 }, { id: 'c', limit: 2, fair: 2 }] })
  })

  it('returnBacklog moves every backlogged delivery to the unsent list and clears the per-subscription counts', () => {
    const slots = new DeliverySlots(4, [{ id: 'hr', enabled: true, concurrency: 1 }])
    const [first, ...rest] = deliveries('hr', 3)
    slots.enqueue([first!, ...rest])
    expect(slots.take(always)).toEqual([first])
    slots.returnBacklog()
    expect([slots.backlog, slots.unsent, slots.running]).toEqual([0, 2, 1])
    expect(slots.takeUnsent()).toEqual(rest.map((d) => d.id))
    // Nothing backlogged counts against the next claim any more.
    expect(slots.claimPlan(1, () => false)).toEqual({ total: 3, subscriptions: [{ id: 'hr', limit: 0, fair: 0 }] })
  })
})
