import { describe, expect, it } from 'vitest'
import { runCrashTrials } from './run-crash-trials.js'

/** Two crash trials for the default suite; `npm run test:reliability` runs twenty and more. */
describe('crash smoke', () => {
  it('survives SIGKILL during a sync or delivery: nothing lost, nothing duplicated, nothing stuck', async () => {
    const summary = await runCrashTrials({ trials: 2, seed: 7, employers: 2, employeesPerEmployer: 12, latencyMs: 3 })
    expect(summary.trials).toBe(2)
    expect(summary.mutations).toBeGreaterThan(100)
  }, 60_000)
})
