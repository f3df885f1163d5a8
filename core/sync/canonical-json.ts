import { createHash } from 'node:crypto'

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
 * Content hash: SHA-256 over the canonical JSON, first 128 bits in base64url (22 chars).
 * SHA-256 is native in Node (OpenSSL, ~1 µs for a record), stable across versions and
 * platforms, and 128 bits make an accidental collision between two versions of one record
 * impossible in practice, while halving the memory of the per-employer hash map.
 */
export function contentHash(canonical: string): string {
  return createHash('sha256').update(canonical).digest().subarray(0, 16).toString('base64url')
}
