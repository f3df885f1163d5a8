import { existsSync, readFileSync } from 'node:fs'

/** A value that must not appear, with a label safe to print (never the value itself). */
export interface Needle {
  label: string
  value: string
  /** Match only as a whole word (names, streets), so "Bos" does not hit "Bosch". */
  word?: boolean
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * Every needle found in the files, `strings`-style: all bytes decoded as latin1 (SQLite pages,
 * the WAL, free pages and all), then searched. Returns labels and file names only.
 */
export function scanFiles(paths: readonly string[], needles: readonly Needle[]): string[] {
  const found: string[] = []
  for (const path of paths) {
    if (!existsSync(path)) continue
    const text = readFileSync(path).toString('latin1')
    for (const needle of needles) {
      if (needle.value.length < 3) continue
      const hit = needle.word ? new RegExp(`(^|[^\\p{L}])${escape(needle.value)}($|[^\\p{L}])`, 'u').test(text) : text.includes(needle.value)
      if (hit) found.push(`${needle.label} in ${path.split('/').pop()}`)
    }
  }
  return found
}
