import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { EntityMapping } from './mapping.js'

/** A file waiting in the drop folder, as listed. */
export interface DroppedFile {
  name: string
  path: string
  size: number
  mtimeMs: number
}

/** The clock a drop folder waits by; tests pass their own. */
export interface SettleClock {
  now(): number
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

export const systemClock: SettleClock = {
  now: () => Date.now(),
  sleep: (ms, signal) => new Promise((resolve) => {
    const timer = setTimeout(resolve, ms)
    signal?.addEventListener('abort', () => { clearTimeout(timer); resolve() }, { once: true })
  }),
}

export const processedFolder = 'processed'
export const failedFolder = 'failed'

/** The regular files directly in the folder, oldest first; dot files (uploads being written) and `.error.txt` reports are left out. */
export async function listDropFolder(directory: string): Promise<DroppedFile[]> {
  const entries = await readdir(directory, { withFileTypes: true })
  const files: DroppedFile[] = []
  for (const entry of entries) {
    if (!entry.isFile() || entry.name.startsWith('.') || entry.name.endsWith('.error.txt')) continue
    const full = path.join(directory, entry.name)
    const info = await stat(full).catch(() => undefined)
    if (info?.isFile()) files.push({ name: entry.name, path: full, size: info.size, mtimeMs: info.mtimeMs })
  }
  return files.sort((a, b) => a.mtimeMs - b.mtimeMs || a.name.localeCompare(b.name))
}

/**
 * The files that are complete (DESIGN.md §2): size and modification time the same for
 * `settleMs`. A file younger than that is looked at again once it is old enough (the run waits
 * at most `settleMs`); one that changed meanwhile is still being written and waits for a later run.
 */
export async function settledFiles(files: readonly DroppedFile[], settleMs: number, clock: SettleClock, signal?: AbortSignal): Promise<DroppedFile[]> {
  const now = clock.now()
  const young = files.filter((file) => now - file.mtimeMs < settleMs)
  if (young.length === 0) return [...files]
  const wait = Math.max(...young.map((file) => file.mtimeMs + settleMs - now))
  await clock.sleep(Math.min(wait, settleMs), signal)
  const settled: DroppedFile[] = []
  for (const file of files) {
    if (!young.includes(file)) {
      settled.push(file)
      continue
    }
    const again = await stat(file.path).catch(() => undefined)
    if (again && again.size === file.size && again.mtimeMs === file.mtimeMs) settled.push(file)
  }
  return settled
}

/**
 * The files one run reads: oldest first, at most one file per entity (an entity's own file
 * pattern, the first): a later export of the same entity waits for the next run, so two full
 * exports are never mixed and deltas apply in order. Files no mapping names are left alone.
 */
export function selectFiles(files: readonly DroppedFile[], mappings: readonly EntityMapping[]): DroppedFile[] {
  const taken: DroppedFile[] = []
  const claimed = new Set<string>()
  for (const file of files) {
    const own = mappings.filter((mapping) => mapping.matchers[0]!.test(file.name)).map((mapping) => mapping.entity)
    const any = mappings.some((mapping) => mapping.matchers.some((matcher) => matcher.test(file.name)))
    if (!any || own.some((entity) => claimed.has(entity))) continue
    for (const entity of own) claimed.add(entity)
    taken.push(file)
  }
  return taken
}

/** Moves a read file to `processed/` (or a rejected one to `failed/`, with `<name>.error.txt`); an existing name gets a time suffix. */
export async function moveFile(directory: string, file: DroppedFile, folder: typeof processedFolder | typeof failedFolder, errorText?: string): Promise<string> {
  const target = path.join(directory, folder)
  await mkdir(target, { recursive: true })
  let name = file.name
  if (await stat(path.join(target, name)).then(() => true, () => false)) {
    const ext = path.extname(name)
    name = `${name.slice(0, name.length - ext.length)}-${new Date().toISOString().replace(/[:.]/g, '')}${ext}`
  }
  if (errorText !== undefined) await writeFile(path.join(target, `${name}.error.txt`), errorText, { mode: 0o600 })
  await rename(file.path, path.join(target, name))
  return name
}

/** `name`, size and modification time: a file is the same file while these are. */
export function fingerprint(file: DroppedFile): string {
  return `${file.name}|${file.size}|${Math.round(file.mtimeMs)}`
}
