import { describe, expect, it } from 'vitest'
import { canonicalJson, contentHash, createCanonicalSerializer } from '../../../core/sync/canonical-json.js'
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

  it('the shape-learning serializer always equals canonicalJson, also when shapes change', () => {
    const serialize = createCanonicalSerializer()
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

  it('the shape-learning serializer equals canonicalJson where key sets change per record (components by code, arrays of changing items)', () => {
    const serialize = createCanonicalSerializer()
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
})
