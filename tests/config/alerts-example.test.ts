import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { z } from 'zod'
import { createGatewayHarness, type GatewayHarness } from '../core/http/gateway-harness.js'
import { put } from '../fakes/fake-connector.js'
import { sampleEmployee } from '../fakes/sample-records.js'
import { newSecret } from '../core/webhooks/harness.js'
import { parsePrometheusText } from '../helpers/prometheus-text.js'

const file = new URL('../../config/alerts.example.yaml', import.meta.url)

/** The shape Prometheus accepts for alerting rules (recording rules are not used here). */
const rulesFile = z.strictObject({
  groups: z.array(z.strictObject({
    name: z.string().min(1),
    interval: z.string().optional(),
    rules: z.array(z.strictObject({
      alert: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
      expr: z.string().min(1),
      for: z.string().regex(/^(\d+(ms|s|m|h|d|w|y))+$/),
      labels: z.strictObject({ severity: z.enum(['critical', 'warning', 'info']) }),
      annotations: z.strictObject({ summary: z.string().min(1), description: z.string().min(1) }),
    })).min(1),
  })).min(1),
})

let h: GatewayHarness | undefined
afterEach(async () => { await h?.gateway.close(); h = undefined })

describe('config/alerts.example.yaml', () => {
  const rules = rulesFile.parse(parse(readFileSync(file, 'utf8'))).groups.flatMap((group) => group.rules)

  it('has the alerts an operator needs, each once', () => {
    const names = rules.map((rule) => rule.alert)
    expect(new Set(names).size).toBe(names.length)
    const exprOf = (name: string) => rules.find((rule) => rule.alert === name)?.expr
    expect(exprOf('KoppelConnectionNeedsAuthorization')).toContain('koppel_connection_status{status="needs_authorization"}')
    expect(exprOf('KoppelNoSuccessfulSync')).toMatch(/time\(\) - koppel_last_successful_sync_timestamp_seconds\) > 86400/)
    expect(exprOf('KoppelDeliveriesFailed')).toContain('koppel_outbox_deliveries{status="failed"} > 0')
    expect(exprOf('KoppelOldestPendingDelivery')).toContain('koppel_oldest_pending_delivery_age_seconds > 3600')
  })

  it('uses only metrics and label values that a real /metrics exposes', async () => {
    h = await createGatewayHarness({ webhooks: [{ id: 'benefits', url: 'http://127.0.0.1:9/in', secret: newSecret() }] })
    put(h.source, 'employee', sampleEmployee('er-1', 1))
    await (await h.gateway.runner.trigger('acme', { trigger: 'api' })).done
    const scrape = parsePrometheusText(await (await h.request('/metrics', { token: null })).text())
    for (const rule of rules) {
      const metrics = [...rule.expr.matchAll(/\b(koppel_[a-z0-9_]+)\b/g)].map((m) => m[1]!)
      expect(metrics.length, rule.alert).toBeGreaterThan(0)
      for (const metric of metrics) expect(scrape.types.has(metric), `${rule.alert} uses ${metric}`).toBe(true)
      for (const [, metric, selector] of rule.expr.matchAll(/\b(koppel_[a-z0-9_]+)\{([^}]*)\}/g)) {
        for (const [, label, op, value] of selector!.matchAll(/(\w+)\s*(=|!=)\s*"([^"]*)"/g)) {
          const values = new Set(scrape.select(metric!).map((sample) => sample.labels[label!]))
          expect(values.has(value), `${rule.alert}: ${metric}{${label}${op}"${value}"} matches a series`).toBe(true)
        }
      }
      for (const [, label] of rule.expr.matchAll(/on \((\w+)\)/g)) expect(['connection', 'subscription'], rule.alert).toContain(label)
    }
  })
})
