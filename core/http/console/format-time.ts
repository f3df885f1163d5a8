import type { Language } from './texts.js'

/** A timestamp as people in the Netherlands read it (Europe/Amsterdam), or "—". */
export function formatTime(language: Language, iso: string | null | undefined): string {
  if (!iso) return '—'
  return new Intl.DateTimeFormat(language === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'Europe/Amsterdam' }).format(new Date(iso))
}
