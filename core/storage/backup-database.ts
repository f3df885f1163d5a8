import SQLite from 'better-sqlite3'
import { closeSync, fchmodSync, openSync, rmSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { KoppelError } from '../errors.js'

export interface BackupResult {
  /** The absolute path of the copy. */
  file: string
  bytes: number
  pages: number
}

/**
 * A consistent copy of the SQLite database at `source` in a new file `target`, while the
 * gateway goes on using it (SQLite's online backup through better-sqlite3). All pages are
 * copied in one step, so the copy is one read snapshot: a writer meanwhile is neither
 * blocked (WAL) nor able to make the backup start over again and again, as it would between
 * small steps.
 *
 * `target` must not exist: it is created here, readable by this user only (it holds BSNs,
 * salaries and encrypted tokens), before a byte is written. A failed backup removes it.
 */
export async function backupDatabase(source: string, target: string): Promise<BackupResult> {
  const from = resolve(source)
  const file = resolve(target)
  if (from === file) throw new KoppelError('usage_invalid', `backup: ${file} is the database itself`)
  let fd: number
  try {
    fd = openSync(file, 'wx', 0o600)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') throw new KoppelError('usage_invalid', `backup: ${file} already exists; choose a new file (a backup never overwrites one)`)
    if (code === 'ENOENT') throw new KoppelError('usage_invalid', `backup: the directory of ${file} does not exist`)
    throw new KoppelError('usage_invalid', `backup: cannot create ${file} (${code ?? 'unknown error'})`, { cause: error })
  }
  try {
    fchmodSync(fd, 0o600) // whatever the umask
  } finally {
    closeSync(fd)
  }
  let db: SQLite.Database | undefined
  try {
    db = openSource(from)
    db.pragma('busy_timeout = 5000')
    const progress = await db.backup(file, { progress: () => 0x7fffffff })
    return { file, bytes: statSync(file).size, pages: progress.totalPages }
  } catch (error) {
    rmSync(file, { force: true })
    rmSync(`${file}-journal`, { force: true })
    throw error
  } finally {
    db?.close()
  }
}

function openSource(path: string): SQLite.Database {
  try {
    return new SQLite(path, { fileMustExist: true })
  } catch (error) {
    throw new KoppelError('config_invalid', `storage.path: cannot open the database ${path} to back it up (${(error as Error).message})`, { cause: error })
  }
}
