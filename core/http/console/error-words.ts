import type { Language } from './texts.js'

/** Error codes (core/errors.ts and the run errors) in plain words, for people rather than programs. */
const words: Record<string, { nl: string; en: string }> = {
  needs_authorization: { nl: 'Autorisatie nodig: doe eerst de "Eerste aanmelding".', en: 'Needs authorization: do the first sign-in first.' },
  invalid_grant: { nl: 'Het salarispakket accepteert de autorisatie niet meer. Doe de "Eerste aanmelding" opnieuw.', en: 'The payroll system no longer accepts the authorization. Sign in again.' },
  upstream_unauthorized: { nl: 'Het salarispakket weigert de toegang (het token is ongeldig).', en: 'The payroll system refused access (the token is invalid).' },
  upstream_forbidden: { nl: 'De gebruiker mist rechten in het salarispakket. Kies "Controleren" om te zien welke.', en: 'The user lacks rights in the payroll system. Use "Check" to see which.' },
  upstream_rate_limited: { nl: 'Het salarispakket vraagt om het rustiger aan te doen. Probeer het later opnieuw.', en: 'The payroll system asked to slow down. Try again later.' },
  upstream_unavailable: { nl: 'Het salarispakket is niet bereikbaar. Probeer het later opnieuw.', en: 'The payroll system cannot be reached. Try again later.' },
  upstream_timeout: { nl: 'Het salarispakket antwoordde niet op tijd.', en: 'The payroll system did not answer in time.' },
  upstream_bad_response: { nl: 'Het salarispakket gaf een onverwacht antwoord.', en: 'The payroll system gave an unexpected answer.' },
  upstream_not_found: { nl: 'Het salarispakket kent een gevraagd onderdeel niet (meer).', en: 'The payroll system does not know something that was asked for.' },
  upstream_filtered: { nl: 'In het salarispakket staat een filter op de dienstverbanden. Zet het filter op "alle dienstverbanden".', en: 'A filter on employments is set in the payroll system. Set it to all employments.' },
  employer_not_found: { nl: 'Deze werkgever is niet gevonden, of de gebruiker heeft er geen toegang toe.', en: 'This employer was not found, or the user has no access to it.' },
  bsn_not_authorized: { nl: 'De gebruiker mag het BSN niet inzien in het salarispakket.', en: 'The user may not read the BSN in the payroll system.' },
  run_in_progress: { nl: 'Er loopt al een ophaalronde voor deze koppeling.', en: 'A run is already going for this connection.' },
  connection_disabled: { nl: 'Deze koppeling staat uit ("Gebruik koppeling": nee).', en: 'This connection is switched off.' },
  delete_guard: { nl: 'Tegengehouden: deze ronde zou te veel gegevens verwijderen. Een beheerder moet dit bevestigen.', en: 'Held: this run would delete too much. An administrator must confirm it.' },
  delivery_held: { nl: 'Deze wijziging wacht op "Verzenden".', en: 'This change waits for release.' },
  lease_expired: { nl: 'De ophaalronde is afgebroken doordat het proces stopte.', en: 'The run was cut off because the process stopped.' },
  shutdown: { nl: 'De ophaalronde is afgebroken doordat Koppel stopte.', en: 'The run was cut off because Koppel stopped.' },
  aborted: { nl: 'De ophaalronde is afgebroken.', en: 'The run was aborted.' },
  not_implemented: { nl: 'Dit salarispakket wordt nog niet ondersteund.', en: 'This payroll system is not supported yet.' },
  not_found: { nl: 'Niet gevonden.', en: 'Not found.' },
  invalid_request: { nl: 'De invoer klopt niet.', en: 'The input is not right.' },
  oauth_exchange_failed: { nl: 'Het salarispakket gaf geen tokens terug.', en: 'The payroll system returned no tokens.' },
  vault_decrypt_failed: { nl: 'De opgeslagen tokens zijn niet te ontsleutelen (is de sleutel veranderd?).', en: 'The stored tokens cannot be decrypted (did the key change?).' },
}

/** The error in plain words, with its code in brackets so support can look it up. */
export function errorWords(language: Language, error: { code: string; message?: string } | null | undefined): string {
  if (!error) return ''
  const known = words[error.code]
  return known ? `${known[language]} (${error.code})` : `${language === 'nl' ? 'Onverwachte fout' : 'Unexpected error'} (${error.code})`
}
