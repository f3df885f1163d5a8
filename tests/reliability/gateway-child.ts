import { spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { resolve } from 'node:path'

const repoRoot = resolve(import.meta.dirname, '../..')

/** Process groups still running: killed when the test process exits, so a timed-out test leaves no gateway behind. */
const live = new Set<number>()
process.once('exit', () => {
  for (const pgid of live) {
    try {
      process.kill(-pgid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
})

/** A gateway running as `tsx gateway.ts start` in its own process group, as an operator runs it. */
export interface GatewayChild {
  url: string
  pid: number
  /** SIGKILL (a crash) or SIGTERM (a graceful stop) to the whole process group; resolves on exit. */
  stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<void>
}

/**
 * Starts the gateway and waits until `/healthz` answers. stdout and stderr are appended to
 * `logFile`. The process group matters: `tsx` runs the gateway in a child node process, and
 * a SIGKILL to `tsx` alone would leave that child running with the port and the database.
 */
export async function startGatewayChild(options: { configPath: string; port: number; env: Record<string, string>; logFile: string }): Promise<GatewayChild> {
  const log = createWriteStream(options.logFile, { flags: 'a' })
  const child: ChildProcess = spawn(resolve(repoRoot, 'node_modules/.bin/tsx'), ['gateway.ts', 'start', '--config', options.configPath], {
    cwd: repoRoot, env: { ...process.env, ...options.env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.pipe(log, { end: false })
  child.stderr!.pipe(log, { end: false })
  live.add(child.pid!)
  const exited = once(child, 'exit').then(() => {
    live.delete(child.pid!)
    return new Promise<void>((done) => log.end(done))
  })
  const url = `http://127.0.0.1:${options.port}`
  const deadline = Date.now() + 30_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`gateway exited with ${child.exitCode} during start-up (see ${options.logFile})`)
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false)
    if (ok) break
    if (Date.now() > deadline) {
      process.kill(-child.pid!, 'SIGKILL')
      throw new Error(`gateway did not become healthy in 30 s (see ${options.logFile})`)
    }
    await new Promise((done) => setTimeout(done, 50))
  }
  return {
    url,
    pid: child.pid!,
    async stop(signal) {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid!, signal)
        } catch {
          // already gone
        }
      }
      await exited
    },
  }
}
