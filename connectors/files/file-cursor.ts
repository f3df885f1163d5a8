/** Committed files remembered per employer; older ones have left the folder long ago. */
const maxRemembered = 1000

/**
 * The employer's cursor of a file connector: the fingerprints of the files its data was
 * committed from. The engine stores it in the same transaction as that data, so a file is
 * never read twice for an employer, also when the gateway stops between the commit and the
 * move to `processed/`.
 */
export function readFileCursor(cursor: string | null): Set<string> {
  if (!cursor) return new Set()
  try {
    const parsed = JSON.parse(cursor) as { files?: unknown }
    return new Set(Array.isArray(parsed.files) ? parsed.files.filter((entry): entry is string => typeof entry === 'string') : [])
  } catch {
    return new Set()
  }
}

/** The new cursor: what is still in the folder of the remembered files, plus the files read now. */
export function writeFileCursor(remembered: ReadonlySet<string>, inFolder: ReadonlySet<string>, readNow: readonly string[]): string {
  const files = [...remembered].filter((entry) => inFolder.has(entry))
  for (const entry of readNow) if (!files.includes(entry)) files.push(entry)
  return JSON.stringify({ files: files.slice(-maxRemembered) })
}
