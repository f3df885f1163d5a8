/**
 * The delivery benchmarks' floor: stored bodies POSTed by a plain loop at `concurrency`,
 * through the dispatcher's own transport, with no claims, signatures or results. Returns ms.
 */
import { nodeTransport } from '../core/upstream/node-transport.js'

export async function rawPostLoop(url: string, bodies: ReadonlyArray<readonly [id: string, body: string]>, concurrency: number): Promise<number> {
  const started = performance.now()
  let next = 0
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < bodies.length) {
      const [id, body] = bodies[next++]!
      await nodeTransport(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'webhook-id': id }, signal: AbortSignal.timeout(15_000) })
    }
  }))
  return performance.now() - started
}
