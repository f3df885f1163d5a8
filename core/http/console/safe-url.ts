/** A webhook URL without what may be a credential (user:password, query string), for showing to people. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url)
    const hidden = parsed.username !== '' || parsed.password !== '' || parsed.search !== ''
    return `${parsed.origin}${parsed.pathname}${hidden ? ' (…)' : ''}`
  } catch {
    return '—'
  }
}
