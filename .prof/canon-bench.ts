import { createCanonicalSerializer as oldS } from './canonical-old.js'
import { createCanonicalSerializer as newS, canonicalJson } from '../core/sync/canonical-json.js'
import { records } from '../bench/synthetic-connector.js'
const stable = Array.from({ length: 20000 }, (_, n) => records('er-1', n, false, 12)).flat().filter((i) => i.entity === (process.argv[2] ?? 'payroll_result')).map((i) => i.record as Record<string, unknown>)
const codes = [1, 9, 70, 151, 200, 310, 420, 560, 700, 880]
const varying = stable.map((r, n) => (r.components ? { ...r, components: Object.fromEntries(Object.entries(r.components as object).concat(codes.filter((_, i) => (n * 7 + i) % 3 === 0).map((c) => [c, { name: `c${c}`, category: { code: '2', label: 'Loon' }, column: { code: '6', label: 'x' }, amountCents: n, quantity: null, specialTariffAmountCents: 0, specialTariffQuantity: null }]))) } : r))
for (const [label, set] of [['stable', stable], ['varying', varying]] as const) {
  for (let round = 0; round < 4; round++) {
    for (const [name, make] of [['old', oldS], ['new', newS], ['plain', () => canonicalJson]] as const) {
      const s = make()
      const t = performance.now()
      let len = 0
      for (const r of set) len += s(r).length
      if (round === 3) console.log(label, name, ((performance.now() - t) / set.length * 1000).toFixed(2), 'µs/record', len)
    }
  }
}
