/**
 * The known key a mistyped one most likely meant (`publc_url` → `public_url`, `adminToken`
 * → `admin_token`), or undefined when none is close enough to be a useful suggestion.
 * Ties go to a key not already present, since a typo usually stands in for a missing key.
 */
export function nearestKey(unknown: string, known: readonly string[], present: ReadonlySet<string> = new Set()): string | undefined {
  const folded = fold(unknown)
  const exact = known.find((key) => fold(key) === folded)
  if (exact !== undefined) return exact
  // One edit per three characters: `prot` → `port`, not `extra` → `storage`.
  const limit = Math.max(1, Math.floor(unknown.length / 3))
  let best: { key: string; distance: number } | undefined
  for (const key of known) {
    const distance = editDistance(unknown.toLowerCase(), key.toLowerCase())
    if (distance > limit) continue
    const better = !best || distance < best.distance || (distance === best.distance && present.has(best.key) && !present.has(key))
    if (better) best = { key, distance }
  }
  return best?.key
}

/** Case and separators do not matter: `publicURL`, `public-url` and `public_url` fold alike. */
function fold(key: string): string {
  return key.toLowerCase().replace(/[-_\s]/g, '')
}

/** Levenshtein distance where swapping two neighbouring letters (`prot`/`port`) counts as one edit. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      const row = rows[i]!
      const previous = rows[i - 1]!
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, rows[i - 2]![j - 2]! + 1)
    }
  }
  return rows[a.length]![b.length]!
}
