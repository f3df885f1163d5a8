import { randomBytes } from 'node:crypto'

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
let lastTime = 0
let lastRandom = new Uint8Array(10)

/**
 * A ULID (48-bit time + 80-bit randomness, Crockford base32): sortable by creation time and,
 * within one millisecond of this process, strictly increasing (the random part is bumped).
 */
export function ulid(now = Date.now()): string {
  if (now <= lastTime) {
    now = lastTime
    increment(lastRandom)
  } else {
    lastTime = now
    lastRandom = new Uint8Array(randomBytes(10))
  }
  let time = ''
  for (let i = 0, t = now; i < 10; i++, t = Math.floor(t / 32)) time = alphabet[t % 32] + time
  let random = ''
  let bits = 0
  let value = 0
  for (const byte of lastRandom) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      random += alphabet[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
    value &= (1 << bits) - 1
  }
  return time + random
}

function increment(bytes: Uint8Array): void {
  for (let i = bytes.length - 1; i >= 0; i--) {
    if (bytes[i]! < 255) {
      bytes[i]! += 1
      return
    }
    bytes[i] = 0
  }
}

/** `mut_01J…`, `run_01J…`, `evt_01J…`. */
export function newId(prefix: 'mut' | 'run' | 'evt'): string {
  return `${prefix}_${ulid()}`
}
