import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { getHeapStatistics } from 'node:v8'
import { describe, expect, it } from 'vitest'
import { limitHeapGrowth } from '../../core/heap-growth.js'

const child = join(import.meta.dirname, 'heap-growth-child.ts')
const largestHeapMb = (mode: 'limit' | 'default') =>
  (JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', child, mode], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } })) as { largestHeapMb: number }).largestHeapMb

describe('limitHeapGrowth', () => {
  it("leaves an operator's own --heap-growing-percent alone", () => {
    expect(limitHeapGrowth(['--heap-growing-percent=300', '--import', 'tsx'])).toBe(false)
    expect(limitHeapGrowth(['--max-old-space-size=4096', '--heap_growing_percent=20'])).toBe(false)
  })

  // On a host with little memory V8's own limit (and with it its growth factor) is small already.
  it.skipIf(getHeapStatistics().heap_size_limit < 2 * 1024 ** 3)('keeps the heap of a process that churns old garbage well below what V8 lets it reach by itself', () => {
    const unlimited = largestHeapMb('default')
    const limited = largestHeapMb('limit')
    expect(limited).toBeLessThan(0.75 * unlimited)
  }, 30_000)
})
