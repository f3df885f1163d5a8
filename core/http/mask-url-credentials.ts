/**
 * A URL fit to show: a password in it becomes `***` (`https://user:***@host/…`), and a user
 * part without a password is masked whole, since services put tokens there too
 * (`https://<token>@host/…`). URLs without credentials come back as they were written.
 *
 * @example
 * maskUrlCredentials('https://koppel:s3cret@hooks.example.nl/in') // 'https://koppel:***@hooks.example.nl/in'
 */
export function maskUrlCredentials(url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    // Not a URL (config validation refuses those): show nothing of it that could be a secret.
    return url.includes('@') ? '***' : url
  }
  if (parsed.username === '' && parsed.password === '') return url
  if (parsed.password !== '') parsed.password = '***'
  else parsed.username = '***'
  return parsed.href
}
