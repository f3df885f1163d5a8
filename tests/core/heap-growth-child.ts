/**
 * Churns garbage that lives long enough to reach the old generation beside a live set of
 * about 30 MB, and prints the largest V8 heap it saw. `limit` calls limitHeapGrowth first.
 */
import { setImmediate as nextTurn } from 'node:timers/promises'
import { limitHeapGrowth } from '../../core/heap-growth.js'

if (process.argv[2] === 'limit') limitHeapGrowth()
const live = Array.from({ length: 400_000 }, (_, i) => ({ i, text: `live-${i}` }))
let largest = 0
for (let round = 0; round < 300; round++) {
  const batch = Array.from({ length: 20_000 }, (_, i) => ({ i, text: `garbage-${round}-${i}`, inner: { i } }))
  await nextTurn()
  await nextTurn()
  batch.length = 0
  largest = Math.max(largest, process.memoryUsage().heapTotal)
}
process.stdout.write(`${JSON.stringify({ largestHeapMb: largest / 1048576, live: live.length })}\n`)
