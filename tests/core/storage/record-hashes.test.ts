import { describe, expect, it } from 'vitest'
import { RecordHashes } from '../../../core/storage/record-hashes.js'
import { contentHash } from '../../../core/sync/canonical-json.js'

describe('RecordHashes', () => {
  it('finds every stored id with its own hash across growth, and nothing else', () => {
    const table = new RecordHashes()
    const ids = Array.from({ length: 20_000 }, (_, i) => (i % 3 === 0 ? `emp-${i}` : i % 3 === 1 ? crypto.randomUUID() : `Ünïcødé-€-${i}`))
    ids.forEach((id) => table.add(id, contentHash(id)))
    expect(table.size).toBe(ids.length)
    const wrong = ids.filter((id) => {
      const slot = table.find(id)
      return slot === -1 || !table.hashEquals(slot, contentHash(id)) || table.hashEquals(slot, contentHash(`${id}!`))
    })
    expect(wrong).toEqual([])
    expect(table.find('emp-1')).toBe(-1) // i = 1 got a UUID
    expect(table.find('')).toBe(-1)
    expect(table.find(`${ids[0]}x`)).toBe(-1)
  })

  it('lists exactly the ids not marked seen, as they were stored', () => {
    const table = new RecordHashes()
    const ids = ['a', 'b', 'c-€', 'd'.repeat(10_000), 'e']
    ids.forEach((id) => table.add(id, contentHash(id)))
    for (const id of ['a', 'e']) table.markSeen(table.find(id))
    expect(table.isSeen(table.find('a'))).toBe(true)
    expect(table.isSeen(table.find('b'))).toBe(false)
    expect([...table.unseen()]).toEqual(['b', 'c-€', 'd'.repeat(10_000)])
  })

  it('ignores a repeated id and never matches a hash of another format', () => {
    const table = new RecordHashes()
    table.add('x', contentHash('one'))
    table.add('x', contentHash('two'))
    table.add('old', 'sha1:0123456789abcdef')
    expect(table.size).toBe(2)
    expect(table.hashEquals(table.find('x'), contentHash('one'))).toBe(true)
    expect(table.hashEquals(table.find('old'), 'sha1:0123456789abcdef')).toBe(false)
  })

  it('keeps Latin-1 ids in one byte each and every id intact when a wider one comes after many', () => {
    const table = new RecordHashes()
    const ids = [...Array.from({ length: 5_000 }, (_, i) => `wage-${i}-é`), 'wage-€', 'wage-ÿ', '日本-1']
    ids.forEach((id) => table.add(id, contentHash(id)))
    expect(ids.filter((id) => { const slot = table.find(id); return slot === -1 || !table.hashEquals(slot, contentHash(id)) })).toEqual([])
    expect(table.find('wage-\u20ad')).toBe(-1) // one code unit above '€'
    expect(table.find('wage-\u01ff')).toBe(-1) // 'ÿ' with a high byte: no truncation to Latin-1
    expect([...table.unseen()]).toEqual(ids)
  })

  it('sized for what is expected, or for too little, it finds every id and counts the unseen', () => {
    const ids = Array.from({ length: 3_000 }, (_, i) => `job-${i}:2026-${String((i % 12) + 1).padStart(2, '0')}:1`)
    for (const expected of [{ records: ids.length, idChars: ids.reduce((sum, id) => sum + id.length, 0) }, { records: 700, idChars: 10 }]) {
      const table = new RecordHashes(expected)
      ids.forEach((id) => table.add(id, contentHash(id)))
      expect(ids.filter((id) => { const slot = table.find(id); return slot === -1 || !table.hashEquals(slot, contentHash(id)) })).toEqual([])
      for (const id of ids.slice(0, 1000)) table.markSeen(table.find(id))
      table.markSeen(table.find(ids[0]!)) // twice: counted once
      expect(table.unseenCount).toBe(2000)
      expect([...table.unseen()]).toEqual(ids.slice(1000))
    }
  })

  it('packs all 132 bits of a hash: one character changed anywhere, even in the last 4 bits, no longer matches', () => {
    const table = new RecordHashes()
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const hashes = Array.from({ length: 200 }, (_, i) => contentHash(`record ${i}`))
    hashes.forEach((hash, i) => table.add(`r-${i}`, hash))
    const misses: string[] = []
    hashes.forEach((hash, i) => {
      const slot = table.find(`r-${i}`)
      if (!table.hashEquals(slot, hash)) misses.push(`r-${i} lost its own hash`)
      for (let at = 0; at < hash.length; at++) {
        const other = alphabet[(alphabet.indexOf(hash[at]!) + 1 + (i % 63)) % 64]!
        if (table.hashEquals(slot, hash.slice(0, at) + other + hash.slice(at + 1))) misses.push(`r-${i} matched a change at ${at}`)
      }
    })
    expect(misses).toEqual([])
  })

  it('never matches a 22-character hash outside base64url, stored or incoming', () => {
    const table = new RecordHashes()
    const plusSlash = contentHash('x').slice(0, 20) + '+/'
    table.add('foreign', plusSlash)
    table.add('ok', contentHash('x'))
    expect(table.hashEquals(table.find('foreign'), plusSlash)).toBe(false)
    expect(table.hashEquals(table.find('ok'), contentHash('x').slice(0, 21) + '€')).toBe(false)
    expect(table.hashEquals(table.find('ok'), contentHash('x'))).toBe(true)
  })

  it('adds from bytes (a COPY row) as from strings: found by its string id, repeats ignored, a hash of another format never matched', () => {
    const table = new RecordHashes()
    const addBytes = (id: string, hash: string) => {
      const row = Buffer.from(`xx${id}\t${hash}\n`, 'latin1')
      table.addAscii(row, 2, 2 + id.length, 3 + id.length, 3 + id.length + hash.length)
    }
    const ids = Array.from({ length: 3_000 }, (_, i) => `job-${i}:2026-01:1`)
    ids.forEach((id, i) => (i % 2 ? addBytes(id, contentHash(id)) : table.add(id, contentHash(id))))
    addBytes(ids[0]!, contentHash('another'))
    table.add(ids[1]!, contentHash('another'))
    addBytes('short', contentHash('short').slice(0, 21))
    addBytes('long', `${contentHash('long')}A`)
    addBytes('alphabet', `${contentHash('alphabet').slice(0, 21)}=`)
    expect(table.size).toBe(ids.length + 3)
    expect(ids.filter((id) => { const slot = table.find(id); return slot === -1 || !table.hashEquals(slot, contentHash(id)) })).toEqual([])
    expect(table.hashEquals(table.find('short'), contentHash('short').slice(0, 21))).toBe(false)
    expect(table.hashEquals(table.find('long'), contentHash('long'))).toBe(false)
    expect(table.hashEquals(table.find('alphabet'), contentHash('alphabet'))).toBe(false)
    expect([...table.unseen()].slice(-3)).toEqual(['short', 'long', 'alphabet'])
  })
})
