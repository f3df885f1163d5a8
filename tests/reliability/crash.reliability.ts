import { describe, expect, it } from 'vitest'
import { runCrashTrials } from './run-crash-trials.js'

/**
 * Twenty crash trials (issue 7): SIGKILL of the gateway process during syncs and
 * deliveries, restart on the same SQLite file, then nothing lost, duplicated or stuck.
 * `REL_SEED` replays a failing sequence of edits, modes and kill moments.
 */
describe('crash trials', () => {
  it('keeps snapshot, feed and deliveries exact through 20 SIGKILLs', async () => {
    const seed = Number(process.env.REL_SEED ?? Date.now() % 100_000)
    const summary = await runCrashTrials({ trials: 20, seed, employers: 2, employeesPerEmployer: 25, latencyMs: 5 })
    console.log(`crash trials (seed ${seed}): ${summary.trials} trials, ${summary.midSync} killed mid-sync, ${summary.mutations} mutations, ${summary.deliveries} deliveries received`)
    expect(summary.trials).toBe(20)
    // The kill moments are drawn so that both windows get hit; a run of trials that never
    // killed a sync would test nothing about sync crashes.
    expect(summary.midSync).toBeGreaterThan(0)
  })
})
