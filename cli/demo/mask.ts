/** Masks a personal value for printing: keeps its type and first character, hides the rest. */
export function mask(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'number') return '#'.repeat(String(value).length)
  if (typeof value === 'boolean') return String(value)
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return text.length <= 1 ? '*' : `${text[0]}${'*'.repeat(Math.min(text.length - 1, 8))}`
}
