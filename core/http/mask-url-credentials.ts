/** Query parameters that services use for a shared secret (`?code=` of Azure Functions, `?token=`, …). */
const secretParam = /^(code|token|key|secret|sig|signature|password|passwd|pwd|auth|apikey|api[-_]?key|access[-_]?token|client[-_]?secret|x-api-key)$/i

/**
 * A URL fit to show: a password in it becomes `***` (`https://user:***@host/…`), a user
 * part without a password is masked whole, since services put tokens there too
 * (`https://<token>@host/…`), and so is the value of a query parameter that names a
 * secret (`?code=***`). URLs without credentials come back as they were written.
 *
 * @example
 * maskUrlCredentials('https://koppel:s3cret@hooks.example.nl/in') // 'https://koppel:***@hooks.example.nl/in'
 * maskUrlCredentials('https://fn.example.net/api/in?code=abc&v=2') // 'https://fn.example.net/api/in?code=***&v=2'
 */
export function maskUrlCredentials(url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    // Not a URL (config validation refuses those): show nothing of it that could be a secret.
    return url.includes('@') || url.includes('?') ? '***' : url
  }
  const secretKeys = [...parsed.searchParams.keys()].filter((key) => secretParam.test(key))
  if (parsed.username === '' && parsed.password === '' && secretKeys.length === 0) return url
  if (parsed.password !== '') parsed.password = '***'
  else if (parsed.username !== '') parsed.username = '***'
  for (const key of secretKeys) parsed.searchParams.set(key, '***')
  return parsed.href.replaceAll('=%2A%2A%2A', '=***')
}
