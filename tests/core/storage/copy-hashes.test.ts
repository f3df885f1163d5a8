import { describe, expect, it } from 'vitest'
import { HashRows } from '../../../core/storage/copy-hashes.js'
import { RecordHashes } from '../../../core/storage/record-hashes.js'
import { contentHash } from '../../../core/sync/canonical-json.js'

/** Text COPY rows as PostgreSQL writes them: tab-separated, newline-ended, with its backslash escapes. */
const copyRow = (entity: string, id: string, hash: string) =>
  `${[entity, id, hash].map((field) => field.replace(/[\\\t\n\r]/g, (char) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[char]!)).join('\t')}\n`

describe('HashRows (text COPY of stored hashes)', () => {
  const rows: Array<[string, string]> = [
    ['employee', 'emp-1'], ['wage', 'wage-1'], ['employee', 'tab\there'], ['employment', 'é-€-日本'], ['employee', 'back\\slash\nline'], ['wage', 'emoji-😀'],
  ]
  const bytes = Buffer.from(rows.map(([entity, id]) => copyRow(entity, id, contentHash(id))).join(''))

  it('adds every row to its entity\'s table, however the chunks split the rows', () => {
    for (let cut = 1; cut < bytes.length; cut++) {
      const hashes = new Map([['employee', new RecordHashes()]])
      const parser = new HashRows(hashes)
      // The parser must not keep a chunk it was given: the caller reuses the buffer.
      const first = Buffer.from(bytes.subarray(0, cut))
      parser.write(first)
      first.fill(0)
      parser.write(Buffer.from(bytes.subarray(cut)))
      parser.end()
      expect([...hashes.keys()].sort(), `cut at ${cut}`).toEqual(['employee', 'employment', 'wage'])
      const wrong = rows.filter(([entity, id]) => {
        const table = hashes.get(entity)!
        const slot = table.find(id)
        return slot === -1 || !table.hashEquals(slot, contentHash(id))
      })
      expect(wrong, `cut at ${cut}`).toEqual([])
      expect([...hashes.values()].reduce((sum, table) => sum + table.size, 0)).toBe(rows.length)
    }
  })

  it('fails on a row cut short or without three fields', () => {
    const cutShort = new HashRows(new Map())
    cutShort.write(bytes.subarray(0, bytes.length - 3))
    expect(() => cutShort.end()).toThrow('the stored hashes ended within a row')
    expect(() => new HashRows(new Map()).write(Buffer.from('employee\temp-1\n'))).toThrow('a stored hash row without three fields')
  })
})
