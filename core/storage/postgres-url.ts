import { KoppelError } from '../errors.js'

/** The URL without its password (`postgres://koppel:***@db:5432/koppel`), for messages and logs. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    for (const key of [...parsed.searchParams.keys()]) if (/pass|secret|key/i.test(key)) parsed.searchParams.set(key, '***')
    return parsed.toString()
  } catch {
    return 'the configured URL'
  }
}

/** A start-up problem with `storage.url`: one line, coded (the CLI prints it and exits 2). */
export function storageUrlError(message: string, cause?: unknown): KoppelError {
  return new KoppelError('config_invalid', `storage.url: ${message}`, cause === undefined ? {} : { cause })
}
