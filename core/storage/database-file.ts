import { accessSync, closeSync, constants, fchmodSync, openSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { KoppelError } from '../errors.js'
import type { Kysely } from 'kysely'
import type { Database } from './database.js'

// Not `Db` from open-database.ts: that module imports this one (no import cycles).
type Db = Kysely<Database>

/** Where a warning about a first start goes (pino fits). */
export interface DatabaseFileLog {
  warn(obj: object, msg?: string): void
}

/** A start-up problem with `storage.path`: one line, coded (the CLI prints it and exits 2). */
export function storagePathError(message: string, cause?: unknown): KoppelError {
  return new KoppelError('config_invalid', `storage.path: ${message}`, cause === undefined ? {} : { cause })
}

/**
 * Makes sure the SQLite file at `path` may be opened, before SQLite would silently create
 * one. The directory must exist: the gateway never creates it, so an unmounted volume or a
 * removed directory stops start-up instead of starting afresh on an empty database (history,
 * tokens and sequences gone). A missing file in an existing directory is a first start: it
 * is created readable by this user only (it holds BSNs and salaries) and logged at warn
 * level. An existing file is opened as it is. Returns the absolute path.
 */
export function prepareDatabaseFile(path: string, log?: DatabaseFileLog): string {
  const file = resolve(path)
  const dir = dirname(file)
  const dirStat = statOrCode(dir)
  if (dirStat === 'ENOENT') throw storagePathError(`directory ${dir} does not exist (a removed directory or an unmounted volume?); create it: the gateway never does`)
  if (typeof dirStat === 'string') throw storagePathError(`directory ${dir} cannot be used (${describeCode(dirStat)})`)
  if (!dirStat.isDirectory()) throw storagePathError(`${dir} is not a directory`)

  const fileStat = statOrCode(file)
  if (typeof fileStat === 'string' && fileStat !== 'ENOENT') throw storagePathError(`${file} cannot be used (${describeCode(fileStat)})`)
  // SQLite writes its -wal and -shm files next to the database, so the directory must be writable too.
  if (!writable(dir)) throw storagePathError(`directory ${dir} is read-only`)
  if (typeof fileStat !== 'string') {
    if (!fileStat.isFile()) throw storagePathError(`${file} is not a file`)
    if (!writable(file)) throw storagePathError(`database file ${file} is read-only`)
    return file
  }
  let fd: number
  try {
    fd = openSync(file, 'wx', 0o600)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') return file // another process made it first: opened as it is
    throw storagePathError(`cannot create ${file} (${describeCode(code ?? 'unknown error')})`, error)
  }
  try {
    fchmodSync(fd, 0o600) // whatever the umask
  } finally {
    closeSync(fd)
  }
  log?.warn({ path: file }, 'database file created')
  return file
}

/** Which file an open database is: a path and its device and inode when it was opened. */
interface OpenFile {
  path: string
  dev: bigint
  ino: bigint
}

const openFiles = new WeakMap<Db, OpenFile>()

/** Remembers which file `db` has open, for `databaseFileProblem`. */
export function rememberDatabaseFile(db: Db, file: string): void {
  const stat = statSync(file, { bigint: true })
  openFiles.set(db, { path: file, dev: stat.dev, ino: stat.ino })
}

/**
 * Why the file at `storage.path` is no longer the one `db` has open (deleted, replaced, its
 * directory removed or unmounted), or undefined when it still is (or `db` is in memory).
 * SQLite goes on writing to the open file, so nothing else would notice until a restart
 * opens whatever is at the path now.
 */
export function databaseFileProblem(db: Db): string | undefined {
  const open = openFiles.get(db)
  if (!open) return undefined
  let stat
  try {
    stat = statSync(open.path, { bigint: true })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error'
    return `storage.path: the database file ${open.path} is gone (${describeCode(code)}): deleted, or its directory removed or unmounted`
  }
  if (stat.dev !== open.dev || stat.ino !== open.ino) return `storage.path: ${open.path} is no longer the database file the gateway has open (replaced)`
  return undefined
}

function statOrCode(path: string) {
  try {
    return statSync(path)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'unknown error'
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK)
    return true
  } catch {
    return false
  }
}

function describeCode(code: string): string {
  const words: Record<string, string> = {
    ENOENT: 'does not exist', ENOTDIR: 'a part of the path is not a directory', EACCES: 'permission denied', EPERM: 'not permitted',
    EROFS: 'read-only file system', ENAMETOOLONG: 'name too long', ELOOP: 'too many symbolic links', EISDIR: 'is a directory',
  }
  return words[code] ?? code
}
