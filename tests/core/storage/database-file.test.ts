import { execFile } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../../core/storage/open-database.js'
import { onPostgres } from '../../helpers/test-database.js'

const repoRoot = resolve(import.meta.dirname, '../../..')
let dir: string
const opened: Db[] = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'koppel-file-'))
})
afterEach(async () => {
  for (const db of opened.splice(0)) await db.destroy()
  chmodSync(dir, 0o700)
  rmSync(dir, { recursive: true, force: true })
})

function recordingLog() {
  const warnings: Array<{ obj: object; msg?: string }> = []
  return { warnings, warn: (obj: object, msg?: string) => void warnings.push({ obj, msg }) }
}

const mode = (path: string) => statSync(path).mode & 0o777

// SQLite only (file permissions and SQLite's refusals): skipped under npm run test:pg.
describe.skipIf(onPostgres)('the database file at storage.path', () => {
  it('on a first start is created 0600 with its WAL and SHM, and the creation is logged at warn', async () => {
    const path = join(dir, 'koppel.db')
    const log = recordingLog()
    const db = await openDatabase({ path, log })
    opened.push(db)
    await db.insertInto('connections').values({ id: 'acme', connector: 'x', status: 'ready', credentials: null, token_expires_at: null, created_at: 'now', updated_at: 'now' }).execute()
    expect(log.warnings).toEqual([{ obj: { path }, msg: 'database file created' }])
    expect(mode(path)).toBe(0o600)
    expect(mode(`${path}-wal`)).toBe(0o600)
    expect(mode(`${path}-shm`)).toBe(0o600)
  })

  it('opens an existing file as it is, without a warning', async () => {
    const path = join(dir, 'koppel.db')
    await (await openDatabase({ path })).destroy()
    chmodSync(path, 0o640)
    const log = recordingLog()
    opened.push(await openDatabase({ path, log }))
    expect(log.warnings).toEqual([])
    expect(mode(path)).toBe(0o640)
  })

  it('refuses a missing directory with one line, and creates nothing', async () => {
    const missing = join(dir, 'unmounted')
    const path = join(missing, 'koppel.db')
    await expect(openDatabase({ path })).rejects.toMatchObject({
      code: 'config_invalid',
      message: `storage.path: directory ${missing} does not exist (a removed directory or an unmounted volume?); create it: the gateway never does`,
    })
    expect(existsSync(missing)).toBe(false)
  })

  it('refuses impossible paths with a storage.path error', async () => {
    writeFileSync(join(dir, 'plain-file'), 'x')
    mkdirSync(join(dir, 'a-directory'))
    writeFileSync(join(dir, 'not-sqlite.db'), 'this is no database, just text that is long enough to be read as a header of one')
    const cases: Array<[string, string]> = [
      [join(dir, 'plain-file', 'koppel.db'), `storage.path: ${join(dir, 'plain-file')} is not a directory`],
      [join(dir, 'a-directory'), `storage.path: ${join(dir, 'a-directory')} is not a file`],
      [join(dir, 'not-sqlite.db'), `storage.path: ${join(dir, 'not-sqlite.db')} is not a SQLite database`],
    ]
    for (const [path, start] of cases) {
      const error = await openDatabase({ path }).then(() => undefined, (e: unknown) => e as { code: string; message: string })
      expect(error?.code, path).toBe('config_invalid')
      expect(error?.message.startsWith(start), error?.message).toBe(true)
      expect(error?.message).not.toContain('\n')
    }
  })

  // Root may write any file, so the opening runs in a process of an ordinary user (nobody).
  it('refuses a read-only file or directory with a storage.path error', async () => {
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}
    const tryOpen = async (...paths: string[]) => {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'tests/core/storage/open-database-child.ts', ...paths], {
        cwd: repoRoot, ...asUser, env: { ...process.env, HOME: tmpdir() },
      })
      return JSON.parse(stdout) as unknown[]
    }
    const readOnlyFile = join(dir, 'ro', 'koppel.db')
    mkdirSync(join(dir, 'ro'))
    await (await openDatabase({ path: readOnlyFile })).destroy()
    chmodSync(readOnlyFile, 0o444)
    chmodSync(join(dir, 'ro'), 0o777)
    const writableFile = join(dir, 'rw', 'koppel.db')
    mkdirSync(join(dir, 'rw'), 0o777)
    await (await openDatabase({ path: writableFile })).destroy()
    chmodSync(join(dir, 'rw'), 0o777)
    chmodSync(writableFile, 0o666)
    const readOnlyDir = join(dir, 'rodir', 'koppel.db')
    mkdirSync(join(dir, 'rodir'), 0o555)
    chmodSync(dir, 0o755)

    expect(await tryOpen(readOnlyFile, readOnlyDir, writableFile)).toEqual([
      { code: 'config_invalid', message: `storage.path: database file ${readOnlyFile} is read-only` },
      { code: 'config_invalid', message: `storage.path: directory ${join(dir, 'rodir')} is read-only` },
      { ok: true },
    ])
  }, 30_000)
})
