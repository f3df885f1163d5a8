import { describe, expect, it } from 'vitest'
import { createMetrics } from '../../core/metrics.js'
import { attemptOutcomeLabel } from '../../core/webhooks/attempt-outcome-label.js'
import { parsePrometheusText } from '../helpers/prometheus-text.js'

describe('the metrics registry', () => {
  it('renders valid text: escaped HELP and label values, NaN and infinities', async () => {
    const metrics = createMetrics()
    metrics.counter('koppel_things_total', 'Things \\ counted\nover two lines').inc({ subscription: 'a"b\\c\nd' }, 2)
    metrics.gauge('koppel_odd', 'Odd values', () => [{ labels: { k: 'nan' }, value: NaN }, { labels: { k: 'inf' }, value: Infinity }])
    metrics.histogram('koppel_seconds', 'A histogram', [1]).observe({ s: 'x' }, 0.5)
    const text = await metrics.render()
    expect(text).toContain('# HELP koppel_things_total Things \\\\ counted\\nover two lines\n')
    const scrape = parsePrometheusText(text)
    expect(scrape.value('koppel_things_total', { subscription: 'a"b\\c\nd' })).toBe(2)
    expect(scrape.value('koppel_odd', { k: 'nan' })).toBeNaN()
    expect(scrape.value('koppel_odd', { k: 'inf' })).toBe(Infinity)
    expect(scrape.value('koppel_seconds_bucket', { s: 'x', le: '+Inf' })).toBe(1)
  })

  it('refuses names Prometheus would reject, where they are made', async () => {
    const metrics = createMetrics()
    expect(() => metrics.counter('koppel-bad', 'x')).toThrow(/invalid metric name/)
    expect(() => metrics.gauge('1koppel', 'x', () => [])).toThrow(/invalid metric name/)
    expect(() => metrics.counter('koppel_ok_total', 'x').inc({ 'bad-label': 'v' })).toThrow(/invalid label name/)
    metrics.gauge('koppel_g', 'x', () => [{ labels: { __reserved: 'v' }, value: 1 }])
    await expect(metrics.render()).rejects.toThrow(/invalid label name/)
  })

  it('shares a read between the gauges of one scrape, and reads again on the next', async () => {
    const metrics = createMetrics()
    let reads = 0
    const read = async () => ++reads
    metrics.gauge('koppel_a', 'a', async (scrape) => [{ value: await scrape.once(read) }])
    metrics.gauge('koppel_b', 'b', async (scrape) => [{ value: await scrape.once(read) }])
    expect(parsePrometheusText(await metrics.render()).value('koppel_b')).toBe(1)
    const second = parsePrometheusText(await metrics.render())
    expect([second.value('koppel_a'), second.value('koppel_b')]).toEqual([2, 2])
  })
})

describe('the outcome label of an attempt', () => {
  it('folds error classes into six values', () => {
    expect(['http_503', 'http_400', 'http_410', 'redirect', 'timeout', 'connection_refused', 'dns_error', 'tls_error', 'network_error', null].map((c) => attemptOutcomeLabel(c)))
      .toEqual(['http_error', 'http_error', 'gone', 'redirect', 'timeout', 'network_error', 'network_error', 'network_error', 'network_error', 'delivered'])
  })
})
