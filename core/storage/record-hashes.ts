/** Length of a content hash (`contentHash`: 22 base64url characters, 132 bits). */
const hashLength = 22
/** A hash packed at 6 bits per character: 22 characters in 17 bytes (the last holds 4 bits). */
const hashBytes = 17
/** The largest share of index slots in use before it grows (linear probing stays short below it). */
const maxLoad = 0.7
/** The share a table sized for what is expected starts at. */
const startLoad = 0.6
/** `#flags` bits: the fetch saw the record; its stored hash is of another format (never equal). */
const seenFlag = 1
const foreignHashFlag = 2

/** base64url character -> 6-bit value; 0xff for any other character. */
const sextetOf = new Uint8Array(128).fill(0xff)
for (const [i, char] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'].entries()) sextetOf[char.charCodeAt(0)] = i
/** The 6-bit value of `text[i]`; 0xff for another character or past the end. */
const sextet = (text: string, i: number) => {
  const code = text.charCodeAt(i)
  return code < 128 ? sextetOf[code]! : 0xff
}

/**
 * The stored content hashes of one entity of one employer, kept off the V8 heap: a run holds
 * them for the whole fetch (100,000s of records for a large employer), and as a `Map` of
 * strings they were most of the live heap, which V8 lets grow about twice over between
 * collections. Here they are an open-addressing table over typed arrays, about 37 bytes per
 * record beside its id: ids as one byte per code unit while every id is Latin-1 (ids are
 * ASCII in practice: half the memory), two once one is not; hashes packed at 6 bits per
 * character (17 bytes, not 22); a one-byte fingerprint and a flags byte per record; an index
 * of 4-byte slots at most 70% full (any size, not a power of two). No object per record.
 *
 * Slots are numbered in insertion order; `find` returns one or -1.
 */
export class RecordHashes {
  #count = 0
  #seenCount = 0
  /** Open addressing with linear probing: slot + 1, or 0 when empty. */
  #index = new Int32Array(1024)
  #idChars: Uint8Array | Uint16Array = new Uint8Array(16_384)
  #idStart = new Uint32Array(513)
  #idUsed = 0
  #hashes = new Uint8Array(512 * hashBytes)
  #flags = new Uint8Array(512)
  /** Each slot's fingerprint byte: probes compare it before the id. */
  #prints = new Uint8Array(512)
  /** The hash being added, as 6-bit values (0xff: not base64url). */
  #sextets = new Uint8Array(hashLength)

  /**
   * `expected`: how many records and id characters will be added (when known), so the arrays
   * are allocated once at their size: grown by doubling they end up to twice too big, and each
   * growth holds the old and the new array at once.
   */
  constructor(expected?: { records: number; idChars: number }) {
    if (!expected) return
    const slots = Math.max(512, expected.records)
    this.#index = new Int32Array(Math.max(1024, Math.ceil((expected.records + 1) / startLoad)))
    this.#idChars = new Uint8Array(Math.max(16_384, expected.idChars))
    this.#idStart = new Uint32Array(slots + 1)
    this.#hashes = new Uint8Array(slots * hashBytes)
    this.#flags = new Uint8Array(slots)
    this.#prints = new Uint8Array(slots)
  }

  get size(): number {
    return this.#count
  }

  /** How many stored records the fetch did not see. */
  get unseenCount(): number {
    return this.#count - this.#seenCount
  }

  /** Adds a stored record. Ids are unique per entity in storage; a repeat is ignored. */
  add(id: string, hash: string): void {
    this.#reserve()
    const fingerprint = fnv1a(id)
    const print = fingerprint & 0xff
    const capacity = this.#index.length
    let at = position(fingerprint, capacity)
    for (let entry = this.#index[at]!; entry !== 0; entry = this.#index[at]!) {
      if (this.#prints[entry - 1] === print && this.#idEquals(entry - 1, id)) return
      if (++at === capacity) at = 0
    }
    const slot = this.#newSlot(id.length)
    for (let i = 0; i < id.length; i++) {
      const code = id.charCodeAt(i)
      if (code > 0xff && this.#idChars instanceof Uint8Array) this.#idChars = Uint16Array.from(this.#idChars)
      this.#idChars[this.#idUsed + i] = code
    }
    const sextets = this.#sextets
    for (let i = 0; i < hashLength; i++) sextets[i] = sextet(hash, i)
    this.#fillSlot(slot, at, print, id.length, hash.length)
  }

  /**
   * `add` from bytes, as a COPY row holds them: the id is `bytes[idStart, idEnd)`, one
   * character per byte (ASCII: the caller decodes any other id and calls `add`), the hash
   * `bytes[hashStart, hashEnd)`. No string is made.
   */
  addAscii(bytes: Uint8Array, idStart: number, idEnd: number, hashStart: number, hashEnd: number): void {
    this.#reserve()
    let fingerprint = 0x811c9dc5
    for (let i = idStart; i < idEnd; i++) fingerprint = Math.imul(fingerprint ^ bytes[i]!, 0x01000193)
    fingerprint >>>= 0
    const print = fingerprint & 0xff
    const length = idEnd - idStart
    const capacity = this.#index.length
    let at = position(fingerprint, capacity)
    for (let entry = this.#index[at]!; entry !== 0; entry = this.#index[at]!) {
      if (this.#prints[entry - 1] === print && this.#bytesEqual(entry - 1, bytes, idStart, length)) return
      if (++at === capacity) at = 0
    }
    const slot = this.#newSlot(length)
    const chars = this.#idChars
    for (let i = 0, to = this.#idUsed; i < length; i++) chars[to + i] = bytes[idStart + i]!
    const sextets = this.#sextets
    for (let i = 0; i < hashLength; i++) {
      const code = hashStart + i < hashEnd ? bytes[hashStart + i]! : 0xff
      sextets[i] = code < 128 ? sextetOf[code]! : 0xff
    }
    this.#fillSlot(slot, at, print, length, hashEnd - hashStart)
  }

  find(id: string): number {
    const fingerprint = fnv1a(id)
    const print = fingerprint & 0xff
    const capacity = this.#index.length
    for (let at = position(fingerprint, capacity); ;) {
      const entry = this.#index[at]!
      if (entry === 0) return -1
      if (this.#prints[entry - 1] === print && this.#idEquals(entry - 1, id)) return entry - 1
      if (++at === capacity) at = 0
    }
  }

  hashEquals(slot: number, hash: string): boolean {
    if (hash.length !== hashLength || (this.#flags[slot]! & foreignHashFlag) !== 0) return false
    const bytes = this.#hashes
    let at = slot * hashBytes
    for (let i = 0; i < 20; i += 4, at += 3) {
      const a = sextet(hash, i), b = sextet(hash, i + 1), c = sextet(hash, i + 2), d = sextet(hash, i + 3)
      if ((a | b | c | d) > 63) return false
      if (((a << 18) | (b << 12) | (c << 6) | d) !== ((bytes[at]! << 16) | (bytes[at + 1]! << 8) | bytes[at + 2]!)) return false
    }
    const e = sextet(hash, 20), f = sextet(hash, 21)
    return (e | f) <= 63 && ((e << 2) | (f >> 4)) === bytes[at] && (f & 15) === bytes[at + 1]
  }

  isSeen(slot: number): boolean {
    return (this.#flags[slot]! & seenFlag) !== 0
  }

  markSeen(slot: number): void {
    if ((this.#flags[slot]! & seenFlag) !== 0) return
    this.#flags[slot]! |= seenFlag
    this.#seenCount++
  }

  /** Ids of the stored records the fetch did not see (a full fetch's deletes). */
  *unseen(): Generator<string> {
    for (let slot = 0; slot < this.#count; slot++) if ((this.#flags[slot]! & seenFlag) === 0) yield this.#id(slot)
  }

  /** Grows the index before it gets too full for one more record. */
  #reserve(): void {
    if (this.#count + 1 > this.#index.length * maxLoad) this.#rehash(this.#index.length * 2)
  }

  /** The next slot, with room for its id's `length` characters (written by the caller at `#idUsed`). */
  #newSlot(length: number): number {
    const slot = this.#count++
    this.#ensureSlots(this.#count)
    this.#ensureChars(this.#idUsed + length)
    return slot
  }

  /**
   * Completes a slot whose id the caller wrote: its end, its hash (the sextets in `#sextets`;
   * a hash of another format, by length or alphabet, is flagged: it never matches, so the
   * record counts as changed once and is written again with a current hash), its
   * fingerprint and its index entry at `at`.
   */
  #fillSlot(slot: number, at: number, print: number, idLength: number, hashChars: number): void {
    this.#idUsed += idLength
    this.#idStart[slot + 1] = this.#idUsed
    const sextets = this.#sextets
    let invalid = hashChars === hashLength ? 0 : 0xff
    for (let i = 0; i < hashLength; i++) invalid |= sextets[i]!
    if (invalid > 63) this.#flags[slot] = foreignHashFlag
    else {
      const bytes = this.#hashes
      let to = slot * hashBytes
      for (let i = 0; i < 20; i += 4) {
        const value = (sextets[i]! << 18) | (sextets[i + 1]! << 12) | (sextets[i + 2]! << 6) | sextets[i + 3]!
        bytes[to++] = value >> 16
        bytes[to++] = (value >> 8) & 0xff
        bytes[to++] = value & 0xff
      }
      bytes[to++] = (sextets[20]! << 2) | (sextets[21]! >> 4)
      bytes[to] = sextets[21]! & 15
    }
    this.#prints[slot] = print
    this.#index[at] = slot + 1
  }

  #id(slot: number): string {
    const chars = this.#idChars.subarray(this.#idStart[slot]!, this.#idStart[slot + 1]!)
    let id = ''
    for (let i = 0; i < chars.length; i += 4096) id += String.fromCharCode(...chars.subarray(i, i + 4096))
    return id
  }

  #bytesEqual(slot: number, bytes: Uint8Array, from: number, length: number): boolean {
    const start = this.#idStart[slot]!
    if (this.#idStart[slot + 1]! - start !== length) return false
    for (let i = 0; i < length; i++) if (this.#idChars[start + i] !== bytes[from + i]) return false
    return true
  }

  #idEquals(slot: number, id: string): boolean {
    const start = this.#idStart[slot]!
    if (this.#idStart[slot + 1]! - start !== id.length) return false
    for (let i = 0; i < id.length; i++) if (this.#idChars[start + i] !== id.charCodeAt(i)) return false
    return true
  }

  /** A new index of `capacity` slots; fingerprints are computed again from the stored ids. */
  #rehash(capacity: number): void {
    this.#index = new Int32Array(capacity)
    for (let slot = 0; slot < this.#count; slot++) {
      let fingerprint = 0x811c9dc5
      for (let i = this.#idStart[slot]!; i < this.#idStart[slot + 1]!; i++) fingerprint = Math.imul(fingerprint ^ this.#idChars[i]!, 0x01000193)
      let at = position(fingerprint >>> 0, capacity)
      while (this.#index[at] !== 0) if (++at === capacity) at = 0
      this.#index[at] = slot + 1
    }
  }

  #ensureSlots(count: number): void {
    if (count + 1 <= this.#idStart.length) return
    const slots = this.#flags.length * 2
    this.#idStart = grow(this.#idStart, slots + 1)
    this.#hashes = grow(this.#hashes, slots * hashBytes)
    this.#flags = grow(this.#flags, slots)
    this.#prints = grow(this.#prints, slots)
  }

  #ensureChars(length: number): void {
    if (length > this.#idChars.length) this.#idChars = grow(this.#idChars, Math.max(length, this.#idChars.length * 2))
  }
}

function grow<T extends Uint8Array | Uint16Array | Uint32Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(length)
  bigger.set(array)
  return bigger
}

/** FNV-1a over UTF-16 code units. */
function fnv1a(id: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193)
  return h >>> 0
}

/** The index slot a fingerprint starts at: its bits mixed (murmur3's finalizer), modulo the capacity. */
function position(fingerprint: number, capacity: number): number {
  let h = fingerprint
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  h ^= h >>> 16
  return (h >>> 1) % capacity
}
