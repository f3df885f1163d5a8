import { describe, expect, it } from 'vitest'
import { put } from '../../fakes/fake-connector.js'
import { sampleEmployee } from '../../fakes/sample-records.js'
import { createSyncHarness } from './sync-harness.js'

describe('an update without field changes', () => {
  it('is never emitted: a stored hash of another format rewrites the record silently', async () => {
    const h = await createSyncHarness()
    for (let n = 0; n < 5; n++) put(h.source, 'employee', sampleEmployee('er-1', n))
    await h.sync()
    // Hashes of an older format (or written by a run that raced this one) differ though the fields do not.
    await h.db.updateTable('records').set({ hash: 'sha1-old-format' }).where('entity', '=', 'employee').execute()
    put(h.source, 'employee', sampleEmployee('er-1', 3, { nationality: { code: '5', label: 'Franse' } }))

    const run = await h.sync()
    expect(run.status).toBe('succeeded')
    const mutations = await h.mutations()
    expect(mutations.map((m) => [m.operation, m.recordId])).toEqual([['updated', sampleEmployee('er-1', 3).id]])
    expect(mutations[0]!.changes).toEqual([
      { path: 'nationality.code', before: '1', after: '5' },
      { path: 'nationality.label', before: 'Nederlandse', after: 'Franse' },
    ])
    expect(run.counts.employee).toMatchObject({ fetched: 5, updated: 1, unchanged: 4 })
    const hashes = await h.db.selectFrom('records').select('hash').where('entity', '=', 'employee').execute()
    expect(hashes.filter((row) => row.hash === 'sha1-old-format')).toEqual([])

    // Rewritten with current hashes: the next run sees nothing at all.
    const again = await h.sync()
    expect(again.counts.employee).toMatchObject({ fetched: 5, updated: 0, unchanged: 5 })
    expect(await h.mutations()).toHaveLength(1)
  })
})
