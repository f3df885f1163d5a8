import type { Change } from '../model/index.js'

/**
 * Data minimization per consumer: removes the dotted `paths` (e.g. `bsn`, `address.street`)
 * from `record` and `previous`, and drops every change at or below such a path. Returns a
 * new object; untouched branches are shared with the input, which is never modified.
 */
export function excludeFields<T extends Record<string, unknown>>(data: T, paths: readonly string[]): T {
  if (paths.length === 0) return data
  const split = paths.map((path) => path.split('.'))
  const out: Record<string, unknown> = { ...data }
  for (const key of ['record', 'previous'] as const) {
    const value = out[key]
    if (isObject(value)) out[key] = split.reduce<Record<string, unknown>>((acc, parts) => omitPath(acc, parts), value)
  }
  if (Array.isArray(out.changes)) {
    out.changes = (out.changes as Change[]).filter((change) => !paths.some((path) => change.path === path || change.path.startsWith(`${path}.`)))
  }
  return out as T
}

function omitPath(object: Record<string, unknown>, parts: readonly string[]): Record<string, unknown> {
  const [head, ...rest] = parts
  if (head === undefined || !(head in object)) return object
  if (rest.length === 0) {
    const { [head]: _removed, ...kept } = object
    return kept
  }
  const child = object[head]
  if (!isObject(child)) return object
  const next = omitPath(child, rest)
  return next === child ? object : { ...object, [head]: next }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
