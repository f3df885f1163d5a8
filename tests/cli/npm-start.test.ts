import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { generateEncryptionKey } from '../../core/auth/vault.js'

const root = resolve(import.meta.dirname, '../..')
const dir = mkdtempSync(join(tmpdir(), 'koppel-npm-start-'))
const started: number[] = []
afterAll(() => {
  // Whatever survived a failed assertion: only the processes this test started, by pid.
  for (const pid of started) if (alive(pid)) process.kill(pid, 'SIGKILL')
  rmSync(dir, { recursive: true, force: true })
})

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** The pids below `pid` (children, grandchildren, …), from ps. */
function descendants(pid: number): number[] {
  const lines = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' }).trim().split('\n')
  const pairs = lines.map((line) => line.trim().split(/\s+/).map(Number) as [number, number])
  const below = (parent: number): number[] => pairs.filter(([, ppid]) => ppid === parent).flatMap(([child]) => [child, ...below(child)])
  return below(pid)
}

const until = async (what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('npm start', () => {
  it('SIGTERM to the npm process stops the gateway and closes its port (DESIGN §8)', { timeout: 120_000 }, async () => {
    const config = join(dir, 'gateway.yaml')
    writeFileSync(config, `server: { host: 127.0.0.1, port: 0, public_url: "http://127.0.0.1:8080", admin_token: "npm-start-admin-token-0123456789" }
storage: { path: "${join(dir, 'koppel.db')}" }
secrets: { encryption_key: "${generateEncryptionKey()}" }
log: { level: info }
`)
    const npm = spawn('npm', ['start', '--silent'], { cwd: root, env: { ...process.env, KOPPEL_CONFIG: config }, stdio: ['ignore', 'pipe', 'pipe'] })
    started.push(npm.pid!)
    let output = ''
    npm.stdout.on('data', (chunk: Buffer) => { output += chunk })
    npm.stderr.on('data', (chunk: Buffer) => { output += chunk })
    const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)))

    let port = 0
    await until('"koppel started"', () => {
      const line = output.split('\n').find((entry) => entry.includes('"msg":"koppel started"'))
      if (line) port = (JSON.parse(line) as { port: number }).port
      return port > 0
    }, 90_000)
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200)
    const tree = descendants(npm.pid!)
    started.push(...tree)
    expect(tree.length, 'the gateway runs below npm').toBeGreaterThan(0)

    process.kill(npm.pid!, 'SIGTERM')
    await until('every process of npm start to end', () => !alive(npm.pid!) && tree.every((pid) => !alive(pid)), 10_000)
    const refused = await fetch(`http://127.0.0.1:${port}/healthz`).then(() => false, () => true)
    expect(refused, 'the port is closed').toBe(true)
    expect(output).toContain('"msg":"stopped"')
    expect(await exited).toBe(0)
  })
})
