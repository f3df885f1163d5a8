import { isValidBsn } from 'koppel/sdk'
import type { Rng } from './create-rng.js'

export { isValidBsn }

/** A random valid BSN; with `leadingZero` it starts with 0 (they exist and break naive int parsing). */
export function generateBsn(rng: Rng, leadingZero = false): string {
  for (;;) {
    const digits: number[] = [leadingZero ? 0 : rng.int(1, 9)]
    for (let i = 1; i < 8; i++) digits.push(rng.int(0, 9))
    let sum = 0
    for (let i = 0; i < 8; i++) sum += (digits[i] ?? 0) * (9 - i)
    const check = sum % 11
    // The check digit must be a single digit; retry the rare cases where it would be 10.
    if (check === 10) continue
    const bsn = digits.join('') + String(check)
    if (isValidBsn(bsn)) return bsn
  }
}
