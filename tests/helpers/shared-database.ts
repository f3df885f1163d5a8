import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { openDatabase, type Db } from '../../core/storage/open-database.js'

/**
 * One database that several connections and processes share, as replicas would. The
 * storage conformance suite runs against this seam: SQLite here (a temp file, several
 * connections); a PostgreSQL helper returns the same shape for a fresh database.
 */
export interface SharedDatabase {
  name: string
  /** Another connection (pool) to the same database. */
  open(): Promise<Db>
  /** What a child process passes to `openDatabase` to reach the same database. */
  location: string
  close(): Promise<void>
}

export async function sharedSqliteDatabase(): Promise<SharedDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'koppel-shared-'))
  const location = join(dir, 'koppel.db')
  const opened: Db[] = []
  const open = async () => {
    const db = await openDatabase({ path: location })
    opened.push(db)
    return db
  }
  await open() // migrated before any race
  return {
    name: 'sqlite', location, open,
    async close() {
      for (const db of opened.splice(0)) await db.destroy()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

const repoRoot = resolve(import.meta.dirname, '../..')

/**
 * Runs `tests/core/storage/replica-child.ts <mode> <location> …args` in `count` processes:
 * each prints `ready`, waits for the go (sent to all at once), does its part, and prints
 * one JSON line. Resolves with those lines, parsed.
 */
export async function inProcesses<T>(count: number, mode: string, location: string, args: string[] = []): Promise<T[]> {
  const children = Array.from({ length: count }, (_, i) =>
    spawn(process.execPath, ['--import', 'tsx', 'tests/core/storage/replica-child.ts', mode, location, String(i), ...args], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'] }))
  const outputs = children.map((child) => {
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()))
    const exited = new Promise<number | null>((resolveExit) => child.once('exit', resolveExit))
    return { text: () => out, exited }
  })
  const deadline = Date.now() + 60_000
  for (const { text } of outputs) {
    while (!text().startsWith('ready\n')) {
      if (Date.now() > deadline) throw new Error(`a ${mode} child did not get ready`)
      await new Promise((r) => setTimeout(r, 20))
    }
  }
  for (const child of children) child.stdin!.end('go\n')
  const codes = await Promise.all(outputs.map((o) => o.exited))
  if (codes.some((code) => code !== 0)) throw new Error(`a ${mode} child exited with ${codes.join(', ')}`)
  return outputs.map(({ text }) => JSON.parse(text().split('\n')[1]!) as T)
}
