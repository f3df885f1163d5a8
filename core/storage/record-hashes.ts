/** Length of a content hash (`contentHash`: 22 base64url characters). */
const hashLength = 22

/**
 * The stored content hashes of one entity of one employer, kept off the V8 heap: a run holds
 * them for the whole fetch (100,000s of records for a large employer), and as a `Map` of
 * strings they were most of the live heap, which V8 lets grow about twice over between
 * collections. Here they are an open-addressing table over typed arrays: ids as one byte per
 * code unit while every id is Latin-1 (ids are ASCII in practice: half the memory), two once
 * one is not, hashes as ASCII bytes, one `seen` flag per record. No object per record.
 *
 * Slots are numbered in insertion order; `find` returns one or -1.
 */
export class RecordHashes {
  #count = 0
  #seenCount = 0
  /** Open addressing: slot + 1, or 0 when empty. Capacity is a power of two, at most half full. */
  #index = new Int32Array(1024)
  #idChars: Uint8Array | Uint16Array = new Uint8Array(16_384)
  #idStart = new Uint32Array(513)
  #idUsed = 0
  #hashes = new Uint8Array(512 * hashLength)
  #seen = new Uint8Array(512)
  /** Each slot's fingerprint: probes compare it before the id, and rehashing needs no strings. */
  #prints = new Uint32Array(512)

  /**
   * `expected`: how many records and id characters will be added (when known), so the arrays
   * are allocated once at their size: grown by doubling they end up to twice too big, and each
   * growth holds the old and the new array at once.
   */
  constructor(expected?: { records: number; idChars: number }) {
    if (!expected) return
    const slots = Math.max(512, expected.records)
    let capacity = 1024
    while ((expected.records + 1) * 2 > capacity) capacity *= 2
    this.#index = new Int32Array(capacity)
    this.#idChars = new Uint8Array(Math.max(16_384, expected.idChars))
    this.#idStart = new Uint32Array(slots + 1)
    this.#hashes = new Uint8Array(slots * hashLength)
    this.#seen = new Uint8Array(slots)
    this.#prints = new Uint32Array(slots)
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
    if ((this.#count + 1) * 2 > this.#index.length) this.#rehash(this.#index.length * 2)
    const print = fingerprint(id)
    const mask = this.#index.length - 1
    let at = print & mask
    for (let entry = this.#index[at]!; entry !== 0; entry = this.#index[at]!) {
      if (this.#prints[entry - 1] === print && this.#idEquals(entry - 1, id)) return
      at = (at + 1) & mask
    }
    const slot = this.#count++
    this.#ensureSlots(this.#count)
    this.#ensureChars(this.#idUsed + id.length)
    for (let i = 0; i < id.length; i++) {
      const code = id.charCodeAt(i)
      if (code > 0xff && this.#idChars instanceof Uint8Array) this.#idChars = Uint16Array.from(this.#idChars)
      this.#idChars[this.#idUsed + i] = code
    }
    this.#idUsed += id.length
    this.#idStart[slot + 1] = this.#idUsed
    // A hash of another length (another format) is stored as zeros: it never matches, so the
    // record counts as changed once and is written again with a current hash.
    const hashAt = slot * hashLength
    for (let i = 0; i < hashLength; i++) this.#hashes[hashAt + i] = hash.length === hashLength ? hash.charCodeAt(i) & 0xff : 0
    this.#prints[slot] = print
    this.#index[at] = slot + 1
  }

  find(id: string): number {
    const mask = this.#index.length - 1
    const print = fingerprint(id)
    for (let at = print & mask; ; at = (at + 1) & mask) {
      const entry = this.#index[at]!
      if (entry === 0) return -1
      if (this.#prints[entry - 1] === print && this.#idEquals(entry - 1, id)) return entry - 1
    }
  }

  hashEquals(slot: number, hash: string): boolean {
    if (hash.length !== hashLength) return false
    const at = slot * hashLength
    for (let i = 0; i < hashLength; i++) if (this.#hashes[at + i] !== hash.charCodeAt(i)) return false
    return true
  }

  isSeen(slot: number): boolean {
    return this.#seen[slot] === 1
  }

  markSeen(slot: number): void {
    if (this.#seen[slot] === 1) return
    this.#seen[slot] = 1
    this.#seenCount++
  }

  /** Ids of the stored records the fetch did not see (a full fetch's deletes). */
  *unseen(): Generator<string> {
    for (let slot = 0; slot < this.#count; slot++) if (this.#seen[slot] === 0) yield this.#id(slot)
  }

  #id(slot: number): string {
    const chars = this.#idChars.subarray(this.#idStart[slot]!, this.#idStart[slot + 1]!)
    let id = ''
    for (let i = 0; i < chars.length; i += 4096) id += String.fromCharCode(...chars.subarray(i, i + 4096))
    return id
  }

  #idEquals(slot: number, id: string): boolean {
    const start = this.#idStart[slot]!
    if (this.#idStart[slot + 1]! - start !== id.length) return false
    for (let i = 0; i < id.length; i++) if (this.#idChars[start + i] !== id.charCodeAt(i)) return false
    return true
  }

  #place(slot: number, print: number): void {
    const mask = this.#index.length - 1
    let at = print & mask
    while (this.#index[at] !== 0) at = (at + 1) & mask
    this.#index[at] = slot + 1
  }

  #rehash(capacity: number): void {
    this.#index = new Int32Array(capacity)
    for (let slot = 0; slot < this.#count; slot++) this.#place(slot, this.#prints[slot]!)
  }

  #ensureSlots(count: number): void {
    if (count + 1 <= this.#idStart.length) return
    const slots = this.#seen.length * 2
    this.#idStart = grow(this.#idStart, slots + 1)
    this.#hashes = grow(this.#hashes, slots * hashLength)
    this.#seen = grow(this.#seen, slots)
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
function fingerprint(id: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193)
  return h >>> 0
}
