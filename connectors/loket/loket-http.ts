import type { LoketSettings } from './settings.js'

const unitMs = { ms: 1, s: 1000, m: 60_000 } as const

/**
 * The connector's `http` hook: the per-request timeout from `settings.timeout`, and no
 * limit in `ctx.http`, because the fetch's own request pool (fetch-loket-employer.ts) is
 * the connection's one concurrency limit of `settings.concurrency`.
 */
export function loketHttp(settings: Pick<LoketSettings, 'timeout'>): { timeoutMs?: number; concurrency: 'connector' } {
  const match = settings.timeout === undefined ? null : /^(\d+)(ms|s|m)$/.exec(settings.timeout)
  return match ? { timeoutMs: Number(match[1]) * unitMs[match[2] as keyof typeof unitMs], concurrency: 'connector' } : { concurrency: 'connector' }
}
