import { hash } from 'node:crypto'

/**
 * What the writer learned of the values at one place in a record (a key path, array items
 * sharing one place): the sorted key set last seen there, each key's JSON prefix as bytes,
 * and the places below it.
 */
interface Place {
  keys: string[]
  prefixes: Uint8Array[]
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
  place.prefixes = keys.map((key, i) => Buffer.from(`${i ? ',' : '{'}${JSON.stringify(key)}:`))
  place.below = keys.map((key) => placeBelow(place, key))
}

const nullBytes = Buffer.from('null')
const trueBytes = Buffer.from('true')
const falseBytes = Buffer.from('false')
const quote = 0x22
const backslash = 0x5c

/**
 * The canonical JSON of one record at a time (`canonicalJson`'s text, byte for byte, as
 * UTF-8) written into one reused buffer, and its content hash (`contentHash`'s) taken from
 * the bytes. A resync hashes every record and keeps the text of the few that changed: built
 * as a string, each record's JSON was a rope of about 60 pieces that hashing flattened and
 * encoded again, about half of its serialize-and-hash time and most of its garbage.
 *
 * The sorted key order at each place in a record is learned once instead of sorted per
 * object (every record of one entity repeats its shape). Where the keys differ from the last
 * record's (a component list that differs per employee, an optional member left undefined),
 * that object is sorted as canonicalJson sorts it while the places below keep what they
 * learned, so the result is always canonical.
 */
export class CanonicalWriter {
  #bytes = Buffer.allocUnsafe(16_384)
  #length = 0
  #root = newPlace()

  /** Writes `record` (replacing the one before) and returns its content hash. */
  hash(record: Record<string, unknown>): string {
    this.#length = 0
    this.#object(record, this.#root)
    return hash('sha256', this.#bytes.subarray(0, this.#length), 'base64url').slice(0, 22)
  }

  /** The canonical JSON of the record last written. */
  text(): string {
    return this.#bytes.toString('utf8', 0, this.#length)
  }

  #value(value: unknown, place: Place): void {
    if (value === null || typeof value !== 'object') this.#leaf(value)
    else if (Array.isArray(value)) this.#array(value, place)
    else this.#object(value as Record<string, unknown>, place)
  }

  #array(value: unknown[], place: Place): void {
    const items = (place.items ??= newPlace())
    this.#byte(0x5b) // [
    for (let i = 0; i < value.length; i++) {
      if (i) this.#byte(0x2c) // ,
      this.#value(value[i] ?? null, items)
    }
    this.#byte(0x5d) // ]
  }

  #object(value: Record<string, unknown>, place: Place): void {
    const { keys } = place
    let count = 0
    for (const _ in value) count++
    if (count === keys.length) {
      const start = this.#length
      let i = 0
      for (; i < keys.length; i++) {
        const member = value[keys[i]!]
        if (member === undefined) break
        this.#raw(place.prefixes[i]!)
        // Leaves inline: most members are.
        if (member === null || typeof member !== 'object') this.#leaf(member)
        else if (Array.isArray(member)) this.#array(member, place.below[i]!)
        else this.#object(member as Record<string, unknown>, place.below[i]!)
      }
      if (i === keys.length) {
        if (keys.length === 0) this.#byte(0x7b) // {
        this.#byte(0x7d) // }
        return
      }
      this.#length = start
    }
    this.#changed(value, place)
  }

  /**
   * Another key set than the place's (or an undefined member): learned while the place is
   * still settling, else sorted as canonicalJson sorts it, the places below still reused by key.
   */
  #changed(value: Record<string, unknown>, place: Place): void {
    const sorted = Object.keys(value).sort()
    if (++place.misses < settleAfter && sorted.every((key) => value[key] !== undefined)) {
      learn(place, sorted)
      this.#object(value, place)
      return
    }
    this.#byte(0x7b) // {
    let first = true
    for (const key of sorted) {
      const member = value[key]
      if (member === undefined) continue
      if (!first) this.#byte(0x2c) // ,
      first = false
      this.#string(key)
      this.#byte(0x3a) // :
      this.#value(member, placeBelow(place, key))
    }
    this.#byte(0x7d) // }
  }

  /** A scalar as JSON.stringify writes it (canonicalJson's `null` for what it leaves out). */
  #leaf(value: unknown): void {
    if (typeof value === 'string') this.#string(value)
    else if (typeof value === 'number') {
      if (Number.isSafeInteger(value)) this.#integer(value)
      else this.#text(Number.isFinite(value) ? String(value) : 'null')
    } else if (typeof value === 'boolean') this.#raw(value ? trueBytes : falseBytes)
    else if (value === null) this.#raw(nullBytes)
    else this.#text(JSON.stringify(value) ?? 'null')
  }

  /** A string, quoted: as is (UTF-8) unless a character needs JSON.stringify's escapes. */
  #string(value: string): void {
    const start = this.#length
    this.#byte(quote)
    if (!this.#utf8(value, true)) {
      this.#length = start
      this.#text(JSON.stringify(value))
      return
    }
    this.#byte(quote)
  }

  /** Text that needs no escapes (JSON written by JSON.stringify or String). */
  #text(value: string): void {
    this.#utf8(value, false)
  }

  /**
   * UTF-8 of `value`; with `plain`, false (part written) at the first character a JSON
   * string escapes: a control character, a quote, a backslash, a lone surrogate.
   */
  #utf8(value: string, plain: boolean): boolean {
    this.#reserve(value.length * 3)
    const bytes = this.#bytes
    let at = this.#length
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i)
      if (code < 0x80) {
        if (plain && (code < 0x20 || code === quote || code === backslash)) return false
        bytes[at++] = code
      } else if (code < 0x800) {
        bytes[at++] = 0xc0 | (code >> 6)
        bytes[at++] = 0x80 | (code & 0x3f)
      } else if (code >= 0xd800 && code <= 0xdfff) {
        const low = value.charCodeAt(i + 1)
        if (code > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) {
          if (plain) return false
          // Not in JSON.stringify's output (it escapes lone surrogates); encoded as Buffer would.
          bytes[at++] = 0xef
          bytes[at++] = 0xbf
          bytes[at++] = 0xbd
          continue
        }
        const point = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00)
        bytes[at++] = 0xf0 | (point >> 18)
        bytes[at++] = 0x80 | ((point >> 12) & 0x3f)
        bytes[at++] = 0x80 | ((point >> 6) & 0x3f)
        bytes[at++] = 0x80 | (point & 0x3f)
        i++
      } else {
        bytes[at++] = 0xe0 | (code >> 12)
        bytes[at++] = 0x80 | ((code >> 6) & 0x3f)
        bytes[at++] = 0x80 | (code & 0x3f)
      }
    }
    this.#length = at
    return true
  }

  /** A safe integer's decimal digits, as String writes them (-0 as 0). */
  #integer(value: number): void {
    this.#reserve(17)
    const bytes = this.#bytes
    if (value < 0) bytes[this.#length++] = 0x2d // -
    let rest = Math.abs(value)
    let digits = 1
    for (let scale = 10; scale <= rest; scale *= 10) digits++
    let at = (this.#length += digits)
    do {
      bytes[--at] = 0x30 + (rest % 10)
      rest = Math.floor(rest / 10)
    } while (rest > 0)
  }

  #raw(part: Uint8Array): void {
    this.#reserve(part.length)
    const bytes = this.#bytes
    const at = this.#length
    for (let i = 0; i < part.length; i++) bytes[at + i] = part[i]!
    this.#length = at + part.length
  }

  #byte(code: number): void {
    this.#reserve(1)
    this.#bytes[this.#length++] = code
  }

  #reserve(more: number): void {
    if (this.#length + more <= this.#bytes.length) return
    const bigger = Buffer.allocUnsafe(Math.max(this.#bytes.length * 2, this.#length + more))
    this.#bytes.copy(bigger, 0, 0, this.#length)
    this.#bytes = bigger
  }
}
