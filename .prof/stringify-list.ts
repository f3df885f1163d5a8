import { createCanonicalSerializer, canonicalJson, contentHash } from '../core/sync/canonical-json.js'
import { records } from '../bench/synthetic-connector.js'
import { hash } from 'node:crypto'
const set = Array.from({ length: 20000 }, (_, n) => records('er-1', n, false, 12)).flat().filter((i) => i.entity === 'payroll_result').map((i) => i.record as Record<string, unknown>)
const keys = new Set<string>()
const walk = (v: unknown) => { if (v && typeof v === 'object') { if (Array.isArray(v)) v.forEach(walk); else for (const [k, x] of Object.entries(v)) { keys.add(k); walk(x) } } }
set.forEach(walk)
const list = [...keys].sort()
const extra = Array.from({ length: 200 }, (_, i) => String(1000 + i))
const big = [...list, ...extra].sort()
console.log('keys', list.length, JSON.stringify(set[0], list) === canonicalJson(set[0]))
for (let round = 0; round < 4; round++) {
  const ser = createCanonicalSerializer()
  const variants: Array<[string, (r: Record<string, unknown>) => string]> = [
    ['serializer', (r) => ser(r)],
    ['serializer+hash', (r) => contentHash(ser(r))],
    ['stringify list', (r) => JSON.stringify(r, list)],
    ['stringify list+check+hash', (r) => { const s = JSON.stringify(r, list); if (s.length !== JSON.stringify(r).length) throw new Error('x'); return contentHash(s) }],
    ['stringify biglist', (r) => JSON.stringify(r, big)],
    ['stringify plain', (r) => JSON.stringify(r)],
  ]
  for (const [name, f] of variants) {
    const t = performance.now(); let len = 0
    for (const r of set) len += f(r).length
    if (round === 3) console.log(name, ((performance.now() - t) / set.length * 1000).toFixed(2), 'µs')
  }
}
