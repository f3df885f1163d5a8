import { describe, expect, it } from 'vitest'
import type { Entity } from '../../../core/model/index.js'
import { put, remove } from '../../fakes/fake-connector.js'
import { sampleEmployee, sampleEmployment, sampleWage, sampleWorkingHours } from '../../fakes/sample-records.js'
import { createSyncHarness } from './sync-harness.js'

/** A small seeded PRNG (mulberry32) so a failure can be replayed from its seed. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('sync property: random edits', () => {
  for (const seed of [1, 2, 3]) {
    it(`after every run the snapshot equals the source and replaying mutations rebuilds it (seed ${seed})`, async () => {
      const random = rng(seed)
      const h = await createSyncHarness({ initial_sync: 'emit', employers: ['er-1', 'er-2'], delete_guard: { max_ratio: 1, min_count: 0 } })
      const next = { n: 0 }
      const hire = (employerId: string) => {
        const n = next.n++
        put(h.source, 'employee', sampleEmployee(employerId, n, { id: `emp-${n}` }))
        put(h.source, 'employment', sampleEmployment(employerId, n))
        put(h.source, 'wage', sampleWage(employerId, n))
        put(h.source, 'working_hours', sampleWorkingHours(employerId, n))
      }
      for (let i = 0; i < 15; i++) hire(i % 2 ? 'er-1' : 'er-2')

      for (let round = 0; round < 8; round++) {
        for (let edit = 0; edit < 6; edit++) {
          const employerId = random() < 0.5 ? 'er-1' : 'er-2'
          const records = [...(h.source.employers.get(employerId)?.values() ?? [])]
          const pick = records[Math.floor(random() * records.length)]
          const action = random()
          if (action < 0.2 || !pick) hire(employerId)
          else if (action < 0.35) remove(h.source, employerId, pick.entity as Entity, pick.record.id)
          else if (pick.entity === 'employee') put(h.source, 'employee', { ...pick.record, address: { ...pick.record.address!, street: `Straat ${round}-${edit}` } })
          else if (pick.entity === 'wage') put(h.source, 'wage', { ...pick.record, grossAmountCents: Math.round(random() * 1e6) })
          else if (pick.entity === 'employment') put(h.source, 'employment', { ...pick.record, endDate: '2027-01-31' })
          else if (pick.entity === 'working_hours') put(h.source, 'working_hours', { ...pick.record, hoursPerWeek: 24, partTimeFactor: 0.6 })
        }
        const run = await h.sync()
        expect(run.status).toBe('succeeded')

        const source = new Map<string, unknown>()
        for (const records of h.source.employers.values()) for (const item of records.values()) source.set(`${item.entity}:${item.record.id}`, item.record)
        const snapshot = await h.snapshot()
        expect(snapshot).toEqual(source)

        const replayed = new Map<string, unknown>()
        for (const m of await h.mutations()) {
          if (m.operation === 'deleted') replayed.delete(`${m.entity}:${m.recordId}`)
          else replayed.set(`${m.entity}:${m.recordId}`, m.record)
        }
        expect(replayed).toEqual(snapshot)
      }
      const sequences = (await h.mutations()).map((m) => m.sequence)
      expect(sequences).toEqual(sequences.map((_, i) => sequences[0]! + i))
    })
  }
})
