import { hash } from 'node:crypto'

/**
 * JSON with object keys sorted at every level, so equal records give equal text whatever
 * order a connector built them in. Arrays keep their order (an effective-dated chain's order
 * is meaningful); `undefined` members are dropped as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`
  const keys = Object.keys(value).sort()
  let out = '{'
  for (const key of keys) {
    const member = (value as Record<string, unknown>)[key]
    if (member === undefined) continue
    if (out.length > 1) out += ','
    out += `${JSON.stringify(key)}:${canonicalJson(member)}`
  }
  return `${out}}`
}

/**
 * What the serializer learned of the values at one place in a record (a key path, array
 * items sharing one place): the sorted key set last seen there, each key's JSON prefix, and
 * the places below it.
 */
interface Place {
  keys: string[]
  prefixes: string[]
  /** The places below `keys`, in their order. */
  below: Place[]
  /** Every place below this one by key, across the key sets seen here. */
  byKey: Map<string, Place>
  /** The place of array items here. */
  items: Place | undefined
  /** Key sets that did not fit; past `settleAfter` the place is a dictionary (each object's keys sorted). */
  misses: number
}

/** A place whose key set changed this often holds dictionaries (say components by code): it stops learning. */
const settleAfter = 8

const newPlace = (): Place => ({ keys: [], prefixes: [], below: [], byKey: new Map(), items: undefined, misses: -1 })

const placeBelow = (place: Place, key: string): Place => {
  let below = place.byKey.get(key)
  if (!below) place.byKey.set(key, (below = newPlace()))
  return below
}

function learn(place: Place, keys: string[]): void {
  place.keys = keys
  place.prefixes = keys.map((key, i) => `${i ? ',' : '{'}${JSON.stringify(key)}:`)
  place.below = keys.map((key) => placeBelow(place, key))
}

function writeValue(value: unknown, place: Place): string {
  if (value === null || typeof value !== 'object') return leafJson(value) ?? 'null'
  return Array.isArray(value) ? writeArray(value, place) : writeObject(value as Record<string, unknown>, place)
}

function writeArray(value: unknown[], place: Place): string {
  const items = (place.items ??= newPlace())
  let out = '['
  for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + writeValue(value[i] ?? null, items)
  return `${out}]`
}

function writeObject(value: Record<string, unknown>, place: Place): string {
  const { keys } = place
  let count = 0
  for (const _ in value) count++
  if (count === keys.length) {
    let out = ''
    let i = 0
    for (; i < keys.length; i++) {
      const member = value[keys[i]!]
      if (member === undefined) break
      // Leaves inline: most members are.
      if (member === null || typeof member !== 'object') out += place.prefixes[i]! + (leafJson(member) ?? 'null')
      else out += place.prefixes[i]! + (Array.isArray(member) ? writeArray(member, place.below[i]!) : writeObject(member as Record<string, unknown>, place.below[i]!))
    }
    if (i === keys.length) return keys.length === 0 ? '{}' : `${out}}`
  }
  return writeChanged(value, place)
}

/**
 * Another key set than the place's (or an undefined member): learned while the place is still
 * settling, else sorted as canonicalJson sorts it, the places below still reused by key.
 */
function writeChanged(value: Record<string, unknown>, place: Place): string {
  const sorted = Object.keys(value).sort()
  if (++place.misses < settleAfter && sorted.every((key) => value[key] !== undefined)) {
    learn(place, sorted)
    return writeObject(value, place)
  }
  let out = '{'
  for (const key of sorted) {
    const member = value[key]
    if (member === undefined) continue
    if (out.length > 1) out += ','
    out += `${JSON.stringify(key)}:${writeValue(member, placeBelow(place, key))}`
  }
  return `${out}}`
}

/**
 * The same text as `canonicalJson`, about twice as fast for records of a repeating shape
 * (every record of one entity): the sorted key order at each place in a record is learned
 * once instead of sorted per object. Where the keys differ from the last record's (a
 * component list that differs per employee, an optional member left undefined), that object
 * is sorted as canonicalJson sorts it while the places below keep what they learned, so the
 * result is always canonical.
 */
export function createCanonicalSerializer(): (value: Record<string, unknown>) => string {
  const root = newPlace()
  return (value) => writeObject(value, root)
}

/** Characters JSON.stringify escapes (or that need its care): anything else is quoted as is. */
const needsEscape = /["\\\u0000-\u001f\u2028\u2029\ud800-\udfff]/

/** JSON of a scalar, identical to JSON.stringify's, three times faster for plain strings. */
function leafJson(value: unknown): string | undefined {
  if (typeof value === 'string') return needsEscape.test(value) ? JSON.stringify(value) : `"${value}"`
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null'
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  return value === null ? 'null' : JSON.stringify(value)
}

/**
 * Content hash: SHA-256 over the canonical JSON, base64url, first 22 characters (132 bits).
 * SHA-256 is native (OpenSSL; `crypto.hash` avoids the per-call Hash object), stable across
 * versions and platforms; 132 bits make a collision between two versions of a record
 * impossible in practice while keeping the per-employer hash map small.
 */
export function contentHash(canonical: string): string {
  return hash('sha256', canonical, 'base64url').slice(0, 22)
}
