import { describe, expect, it } from 'vitest'
import { canonicalJson, contentHash } from '../../../core/sync/canonical-json.js'
import { CanonicalWriter } from '../../../core/sync/canonical-writer.js'
import { sampleEmployee, sampleWage } from '../../fakes/sample-records.js'

describe('canonical JSON', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: null } })).toBe('{"a":{"c":null,"d":[3,1]},"b":1}')
    expect(canonicalJson({ b: undefined, a: 'x' })).toBe('{"a":"x"}')
  })

  it('gives equal hashes for equal records built in another key order', () => {
    const record = sampleEmployee('er', 1)
    const reordered = Object.fromEntries(Object.entries(record).reverse())
    expect(contentHash(canonicalJson(reordered))).toBe(contentHash(canonicalJson(record)))
    expect(contentHash(canonicalJson({ ...record, bsn: '111222333' }))).not.toBe(contentHash(canonicalJson(record)))
  })

  /** The writer's text and hash of `value`, beside canonicalJson's and contentHash's. */
  const written = (writer: CanonicalWriter, value: Record<string, unknown>) => {
    const hash = writer.hash(value)
    const text = writer.text()
    return { text, hash, expected: { text: canonicalJson(value), hash: contentHash(canonicalJson(value)) } }
  }
  const serializer = () => {
    const writer = new CanonicalWriter()
    return (value: Record<string, unknown>) => {
      const { text, hash, expected } = written(writer, value)
      expect(hash).toBe(expected.hash)
      return text
    }
  }

  it('the shape-learning writer always equals canonicalJson and contentHash, also when shapes change', () => {
    const serialize = serializer()
    const variants: Array<Record<string, unknown>> = [
      sampleEmployee('er', 1),
      sampleEmployee('er', 2, { address: null }),
      sampleEmployee('er', 3),
      Object.fromEntries(Object.entries(sampleEmployee('er', 4)).reverse()),
      { ...sampleEmployee('er', 5), extra: [{ z: 1, a: 2 }] },
      { ...sampleEmployee('er', 6), bsn: undefined },
      { ...sampleEmployee('er', 7), name: { ...sampleEmployee('er', 7).name, prefix: 'van der' } },
      { id: 'x' },
      {},
      sampleWage('er', 1) as unknown as Record<string, unknown>,
      { id: 'q"uote', a: 'back\\slash', b: 'line\nbreak', c: 'tab\t', d: '\u2028', e: '\ud800', f: 'ë€😀', g: -0, h: 1e21, i: 0.1 + 0.2, j: true, k: null },
      { id: 'x', n: Number.NaN, inf: Number.POSITIVE_INFINITY },
    ]
    for (const value of variants) expect(serialize(value)).toBe(canonicalJson(value))
  })

  it('the shape-learning writer equals canonicalJson where key sets change per record (components by code, arrays of changing items)', () => {
    const serialize = serializer()
    const component = (code: number, extra?: Record<string, unknown>) => ({ name: `c${code}`, amountCents: code * 100, quantity: null, category: { code: String(code % 3), label: 'Loon' }, ...extra })
    for (let n = 0; n < 40; n++) {
      // A different set of codes each time (integer-like keys: Object.keys puts them in numeric order, canonical JSON in text order).
      const codes = [1, 70, 151, 2000, 9].filter((_, i) => (n >> i) & 1 || i === n % 5)
      const record: Record<string, unknown> = {
        id: `job-${n}:2026-0${1 + (n % 9)}:1`, year: 2026, payslipType: { code: '1', label: 'Normaal strook' },
        components: Object.fromEntries(codes.map((code) => [code, component(code, n % 7 === 0 ? { note: undefined, z: [n] } : undefined)])),
        chain: Array.from({ length: n % 4 }, (_, i) => (i % 2 ? { startDate: '2020-01-01', hours: i } : { hours: i, startDate: '2021-01-01', endDate: n % 3 ? null : undefined })),
        ...(n % 5 === 0 ? { optional: { b: 1, a: [undefined, { y: 1, x: 2 }] } } : {}),
      }
      expect(serialize(record)).toBe(canonicalJson(record))
    }
  })

  it('the writer equals canonicalJson and contentHash on random records: any text (escapes, UTF-8, surrogate pairs and lone ones), any number, nesting', () => {
    let seed = 42
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32)
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!
    const units = ['a', 'Z', '0', ' ', '"', '\\', '\n', '\t', '\u0000', '\u001f', '\u007f', 'é', 'ÿ', '€', '\u2028', '日', '😀', '\ud800', '\udfff', '\uffff', '/']
    const text = () => Array.from({ length: Math.floor(random() * 12) }, () => pick(units)).join('')
    const numbers = [0, -0, 1, -1, 7, 9, 10, 99, 100, 123456789, -987654321, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53, 1e21, 1.5, -0.001, 0.1 + 0.2, 5e-324, Number.NaN, Number.POSITIVE_INFINITY]
    const value = (depth: number): unknown => {
      const kind = Math.floor(random() * (depth > 2 ? 5 : 7))
      if (kind === 0) return text()
      if (kind === 1) return pick(numbers)
      if (kind === 2) return pick([true, false, null])
      if (kind === 3) return Math.floor(random() * 1e6) - 5e5
      if (kind === 4) return random() < 0.5 ? undefined : text()
      if (kind === 5) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1))
      return object(depth + 1)
    }
    const object = (depth: number): Record<string, unknown> =>
      Object.fromEntries(Array.from({ length: Math.floor(random() * 6) }, () => [pick(['id', 'b', 'a', 'Ä', '10', '2', text()]), value(depth)]))
    const serialize = serializer()
    const fresh = serializer()
    for (let n = 0; n < 3_000; n++) {
      const record = object(0)
      const expected = canonicalJson(record)
      expect(serialize(record)).toBe(expected)
      if (n % 10 === 0) expect(fresh(record)).toBe(expected)
    }
  })

  it('grows its buffer for a large record and gives the last record\'s text', () => {
    const writer = new CanonicalWriter()
    const large = { id: 'big', notes: 'x€'.repeat(40_000), list: Array.from({ length: 2_000 }, (_, i) => ({ i, name: `n${i}` })) }
    const { text, hash, expected } = written(writer, large)
    expect(text.length).toBeGreaterThan(100_000)
    expect({ text, hash }).toEqual(expected)
    writer.hash({ id: 'small' })
    expect(writer.text()).toBe('{"id":"small"}')
  })
})
