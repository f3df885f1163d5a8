import type { Logger, UpstreamNotice } from '../connector.js'
import type { Metrics } from '../metrics.js'

/** Where a connection's `ctx.upstreamNotice` reports go: the connector's id names the series. */
export type UpstreamNoticeSink = (connector: string, notice: UpstreamNotice) => void

/** Distinct notices remembered for "log once"; past this, a notice is counted but no longer logged. */
const maxRemembered = 1000

/**
 * A source's announced retirement must be visible before it breaks a sync: every answer that
 * carries an `obsoleteDate` or warning messages counts in
 * `koppel_upstream_deprecations_total{connector,resource}`, and each distinct notice (resource,
 * date, message codes) is logged once per process as a warning, not once per request.
 */
export function createUpstreamNotices(metrics: Metrics, log: Logger): UpstreamNoticeSink {
  const counter = metrics.counter('koppel_upstream_deprecations_total', 'Upstream answers announcing a resource retirement (obsoleteDate) or carrying warning messages, by connector and resource')
  const logged = new Set<string>()
  return (connector, notice) => {
    counter.inc({ connector, resource: notice.resource })
    const messages = (notice.messages ?? []).map((message) => ({ code: message.code, type: message.type }))
    const key = JSON.stringify([connector, notice.resource, notice.obsoleteDate ?? null, messages])
    if (logged.has(key) || logged.size >= maxRemembered) return
    logged.add(key)
    log.warn({ connector, resource: notice.resource, obsoleteDate: notice.obsoleteDate ?? null, messages }, 'upstream resource announces its retirement or warns')
  }
}
