import { expect } from 'vitest'
import { createRng, type FaultSpec } from '../../connectors/loket/sandbox/index.js'
import { checkInvariants } from './check-invariants.js'
import { referenceSnapshot, servedSnapshot } from './reference-snapshot.js'
import { authorizeAutomatically, connectionId, createReliabilityWorld, webhookId, type ReliabilityWorld } from './reliability-world.js'

export interface CrashTrialOptions {
  trials: number
  seed: number
  employers: number
  employeesPerEmployer: number
  latencyMs: number
}

export interface CrashTrialSummary {
  trials: number
  /** Kills that hit a sync while it was running (its run was failed at restart). */
  midSync: number
  mutations: number
  deliveries: number
}

/** Upstream trouble during the sync that gets killed: retried, or failing one employer. */
const upstreamFaults: FaultSpec[] = [
  { kind: 'status', status: 503, path: '/v2/', times: 2 },
  { kind: 'status', status: 429, retryAfter: 0, path: '/v2/', times: 1 },
  { kind: 'reset', path: '/v2/', times: 1 },
  { kind: 'malformed-json', path: '/v2/', times: 1 },
  { kind: 'delay', ms: 300, path: '/v2/', times: 3 },
]

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
/** `REL_PROGRESS=1` prints one line per trial. */
const progress = (line: string) => {
  if (process.env.REL_PROGRESS) console.log(line)
}

/**
 * Crash trials against the gateway as a child process: random edits in the simulated
 * Loket.nl (sometimes with an upstream fault), a sync through the API, SIGKILL (sometimes
 * SIGTERM) at a random moment (during the sync or during delivery), a restart on the same SQLite file, a final full sync and a drain; then every
 * invariant of check-invariants.ts, over the whole history so far. The seed makes the edits,
 * modes and kill moments reproducible (the timing underneath is not).
 */
export async function runCrashTrials(options: CrashTrialOptions): Promise<CrashTrialSummary> {
  const rng = createRng(options.seed)
  const world = await createReliabilityWorld({
    seed: options.seed, employers: options.employers, employeesPerEmployer: options.employeesPerEmployer, latencyMs: options.latencyMs,
    logLevel: 'warn', initialSync: 'emit', autoApprove: true,
    retrySchedule: ['100ms', '200ms', '400ms', ...Array.from({ length: 30 }, () => '500ms')],
  })
  // A consumer that takes a few ms per webhook, so that delivery is a window a kill can hit.
  world.receiver.script(() => ({ delayMs: Math.floor(Math.random() * 15) }))
  const summary: CrashTrialSummary = { trials: 0, midSync: 0, mutations: 0, deliveries: 0 }
  try {
    await world.startChild()
    await authorizeAutomatically(world)

    const started = Date.now()
    const baseline = await world.api.sync(connectionId)
    expect(baseline.status, JSON.stringify(baseline.error)).toBe('succeeded')
    const syncMs = Date.now() - started

    for (let trial = 1; trial <= options.trials; trial++) {
      const edits = Array.from({ length: rng.int(1, 8) }, () => world.sandbox.randomEdit(rng).split(' ')[0])
      const mode = rng.chance(0.5) ? 'incremental' : 'full'
      const phase = rng.chance(0.6) ? 'sync' : 'delivery'
      const signal = rng.chance(0.15) ? 'SIGTERM' : 'SIGKILL'
      const fault = rng.chance(0.4) ? rng.pick(upstreamFaults) : undefined
      if (fault) world.sandbox.faults.add(fault)
      const killAfterMs = phase === 'sync' ? rng.int(0, Math.round(syncMs * 0.8)) : rng.int(0, 120)
      const context = `trial ${trial} (seed ${options.seed}, ${mode} sync, ${signal} during ${phase} after ${killAfterMs} ms, fault ${fault?.kind ?? 'none'}, edits: ${edits.join(' ')})`

      const trialStarted = Date.now()
      world.sandbox.latencyMs = options.latencyMs
      const runId = await world.api.startSync(connectionId, { mode })
      if (phase === 'delivery') await world.api.waitForRun(runId)
      await sleep(killAfterMs)
      const stopping = Date.now()
      await world.child!.stop(signal)
      // A graceful stop aborts the sync at a page boundary and waits at most 10 s for deliveries.
      if (signal === 'SIGTERM') expect(Date.now() - stopping, `${context}: SIGTERM took too long`).toBeLessThan(15_000)
      world.sandbox.faults.clear()
      // Latency only stretches the sync that gets killed; the rest of the trial runs at full speed.
      world.sandbox.latencyMs = 0
      await world.startChild()

      const killed = (await world.api.runs()).find((r) => r.id === runId)
      expect(killed?.status, `${context}: the killed run after restart`).not.toBe('running')
      if (killed?.status === 'failed' && killed.error?.code === 'shutdown') summary.midSync++
      const final = await world.api.sync(connectionId, { mode: 'full' })
      expect(final.status, `${context}: final sync ${JSON.stringify(final.error)}`).toBe('succeeded')
      const counts = (await world.api.drained(webhookId)).counts

      const reference = await referenceSnapshot(world)
      const feed = await world.api.feed()
      const problems = checkInvariants({
        served: await servedSnapshot(world), reference: reference.snapshot, skip: reference.invalid,
        feed, received: world.receiver.received, runs: await world.api.runs(), deliveryCounts: counts, feedFromEmpty: true,
      })
      expect(problems, context).toEqual([])
      progress(`${context}: ok in ${Date.now() - trialStarted} ms, ${feed.length} mutations so far`)
      summary.trials++
      summary.mutations = feed.length
      summary.deliveries = world.receiver.received.length
    }
    return summary
  } catch (error) {
    ;(error as Error).message += `\n(gateway log: ${world.logFile}; kept for inspection)`
    world.close = async () => {
      await world.child?.stop('SIGKILL')
      await world.receiver.close()
      await world.sandbox.close()
    }
    throw error
  } finally {
    await world.close()
  }
}

export type { ReliabilityWorld }
