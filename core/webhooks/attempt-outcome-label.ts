/** The `outcome` label of `koppel_delivery_attempts_total`: a few stable values to alert on. */
export const attemptOutcomeLabels = ['delivered', 'http_error', 'timeout', 'network_error', 'redirect', 'gone'] as const

export type AttemptOutcomeLabel = (typeof attemptOutcomeLabels)[number]

/**
 * Folds an attempt's error class (send-attempt.ts: `http_503`, `redirect`, `timeout`,
 * `connection_refused`, `dns_error`, …; null on 2xx) into its label, so a new error class
 * never adds a series: every failure without an HTTP answer but a timeout is `network_error`.
 */
export function attemptOutcomeLabel(errorClass: string | null): AttemptOutcomeLabel {
  if (errorClass === null) return 'delivered'
  if (errorClass === 'http_410') return 'gone'
  if (errorClass === 'redirect') return 'redirect'
  if (errorClass === 'timeout') return 'timeout'
  if (errorClass.startsWith('http_')) return 'http_error'
  return 'network_error'
}
