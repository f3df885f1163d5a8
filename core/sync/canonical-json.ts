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
 * Content hash: SHA-256 over the canonical JSON, base64url, first 22 characters (132 bits).
 * SHA-256 is native (OpenSSL; `crypto.hash` avoids the per-call Hash object), stable across
 * versions and platforms; 132 bits make a collision between two versions of a record
 * impossible in practice while keeping the per-employer hash map small.
 */
export function contentHash(canonical: string): string {
  return hash('sha256', canonical, 'base64url').slice(0, 22)
}
