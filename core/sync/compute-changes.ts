import type { Change } from '../model/index.js'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/**
 * Field-level changes between two versions of a record, as dotted paths
 * (`address.street`). Nested objects are walked; arrays of scalars compare as values (one
 * change for the whole array); arrays of objects are compared by index (`items.0.code`).
 * An object appearing or disappearing (null ↔ object) is one change at its own path.
 */
export function computeChanges(before: unknown, after: unknown, path = ''): Change[] {
  const changes: Change[] = []
  walk(before as Json, after as Json, path, changes)
  return changes
}

function walk(before: Json, after: Json, path: string, out: Change[]): void {
  if (isObject(before) && isObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)])
    for (const key of [...keys].sort()) walk(before[key] ?? null, after[key] ?? null, join(path, key), out)
    return
  }
  if (Array.isArray(before) && Array.isArray(after) && !(before.every(isScalar) && after.every(isScalar))) {
    const length = Math.max(before.length, after.length)
    for (let i = 0; i < length; i++) walk(before[i] ?? null, after[i] ?? null, join(path, String(i)), out)
    return
  }
  if (!jsonEqual(before, after)) out.push({ path, before, after })
}

const isObject = (value: Json): value is { [key: string]: Json } => value !== null && typeof value === 'object' && !Array.isArray(value)
const isScalar = (value: Json) => value === null || typeof value !== 'object'
const join = (path: string, key: string) => (path ? `${path}.${key}` : key)

function jsonEqual(a: Json, b: Json): boolean {
  if (a === b) return true
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i] ?? null))
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a)
    return keys.length === Object.keys(b).length && keys.every((key) => jsonEqual(a[key] ?? null, b[key] ?? null))
  }
  return false
}
