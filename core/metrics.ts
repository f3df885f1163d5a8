/**
 * A tiny Prometheus registry (text format 0.0.4), no dependency. Counters and histograms live
 * in memory; gauges are computed at scrape time by a `collect` callback (e.g. from the DB).
 * Kept instead of `prom-client`: most of what matters is read from the database at scrape
 * time (async collect callbacks), which this does in a few lines; prom-client would add a
 * dependency for default process metrics we do not need. Names are checked at registration,
 * HELP text and label values are escaped, so the output stays valid exposition text.
 * Getting a metric twice by name returns the same one, so the sync engine and the dispatcher
 * can both ask for `koppel_runs_total` without coordinating.
 *
 * @example
 * metrics.counter('koppel_runs_total', 'Sync runs by final status').inc({ connection: 'acme', status: 'succeeded' })
 */
export type Labels = Record<string, string>

export interface Counter {
  inc(labels?: Labels, value?: number): void
}

export interface Histogram {
  observe(labels: Labels, value: number): void
}

export interface GaugeSample {
  labels?: Labels
  value: number
}

/** Given to gauge callbacks: what one scrape shares. */
export interface ScrapeContext {
  /**
   * Runs `read` once per scrape, however many gauges ask (by identity of the function):
   * several gauges come from the same queries, and should show the same moment.
   */
  once<T>(read: () => Promise<T>): Promise<T>
}

export type GaugeCollect = (scrape: ScrapeContext) => GaugeSample[] | Promise<GaugeSample[]>

export interface Metrics {
  counter(name: string, help: string): Counter
  histogram(name: string, help: string, buckets?: readonly number[]): Histogram
  /** Registers (or replaces) a gauge whose samples are read at scrape time. */
  gauge(name: string, help: string, collect: GaugeCollect): void
  /** The whole registry in Prometheus text format. */
  render(): Promise<string>
}

const defaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

type Entry =
  | { kind: 'counter'; help: string; values: Map<string, number> }
  | { kind: 'histogram'; help: string; buckets: readonly number[]; series: Map<string, { counts: number[]; sum: number; count: number }> }
  | { kind: 'gauge'; help: string; collect: GaugeCollect }

export function createMetrics(): Metrics {
  const entries = new Map<string, Entry>()

  const get = <K extends Entry['kind']>(name: string, kind: K, make: () => Extract<Entry, { kind: K }>) => {
    const existing = entries.get(name)
    if (existing && existing.kind !== kind) throw new Error(`metric ${name} is already a ${existing.kind}`)
    if (existing) return existing as Extract<Entry, { kind: K }>
    const entry = make()
    entries.set(name, entry)
    return entry
  }

  return {
    counter(name, help) {
      checkName(name)
      const entry = get(name, 'counter', () => ({ kind: 'counter', help, values: new Map() }))
      return {
        inc(labels = {}, value = 1) {
          const key = labelText(labels)
          entry.values.set(key, (entry.values.get(key) ?? 0) + value)
        },
      }
    },
    histogram(name, help, buckets = defaultBuckets) {
      checkName(name)
      const entry = get(name, 'histogram', () => ({ kind: 'histogram', help, buckets: [...buckets].sort((a, b) => a - b), series: new Map() }))
      return {
        observe(labels, value) {
          const key = labelText(labels)
          let series = entry.series.get(key)
          if (!series) entry.series.set(key, (series = { counts: entry.buckets.map(() => 0), sum: 0, count: 0 }))
          entry.buckets.forEach((bound, i) => {
            if (value <= bound) series.counts[i]! += 1
          })
          series.sum += value
          series.count += 1
        },
      }
    },
    gauge(name, help, collect) {
      checkName(name)
      const existing = entries.get(name)
      if (existing && existing.kind !== 'gauge') throw new Error(`metric ${name} is already a ${existing.kind}`)
      entries.set(name, { kind: 'gauge', help, collect })
    },
    async render() {
      const lines: string[] = []
      const reads = new Map<() => Promise<unknown>, Promise<unknown>>()
      const scrape: ScrapeContext = {
        once<T>(read: () => Promise<T>) {
          if (!reads.has(read)) reads.set(read, read())
          return reads.get(read) as Promise<T>
        },
      }
      for (const [name, entry] of entries) {
        lines.push(`# HELP ${name} ${escapeHelp(entry.help)}`, `# TYPE ${name} ${entry.kind}`)
        if (entry.kind === 'counter') {
          for (const [labels, value] of entry.values) lines.push(`${name}${labels} ${sampleValue(value)}`)
        } else if (entry.kind === 'gauge') {
          for (const sample of await entry.collect(scrape)) lines.push(`${name}${labelText(sample.labels ?? {})} ${sampleValue(sample.value)}`)
        } else {
          for (const [key, series] of entry.series) {
            const base = key.slice(1, -1)
            const withLe = (le: string) => `{${base ? `${base},` : ''}le="${le}"}`
            entry.buckets.forEach((bound, i) => lines.push(`${name}_bucket${withLe(String(bound))} ${series.counts[i]}`))
            lines.push(`${name}_bucket${withLe('+Inf')} ${series.count}`, `${name}_sum${key} ${series.sum}`, `${name}_count${key} ${series.count}`)
          }
        }
      }
      return lines.join('\n') + '\n'
    },
  }
}

/** Rendered label sets by their JSON: series have few label sets, and the hot paths repeat them. */
const renderedLabels = new Map<string, string>()

function labelText(labels: Labels): string {
  const json = JSON.stringify(labels)
  let text = renderedLabels.get(json)
  if (text === undefined) {
    text = renderLabels(labels)
    if (renderedLabels.size < 10_000) renderedLabels.set(json, text)
  }
  return text
}

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/

/** A name Prometheus would reject breaks the whole scrape, so it fails where it is registered. */
function checkName(name: string): void {
  if (!metricName.test(name)) throw new Error(`invalid metric name ${JSON.stringify(name)}`)
}

/** HELP text escapes only backslash and newline (text format 0.0.4). */
function escapeHelp(help: string): string {
  return help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')
}

function sampleValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (value === Infinity) return '+Inf'
  if (value === -Infinity) return '-Inf'
  return String(value)
}

function renderLabels(labels: Labels): string {
  const keys = Object.keys(labels).sort()
  if (keys.length === 0) return ''
  for (const key of keys) if (!labelName.test(key) || key.startsWith('__')) throw new Error(`invalid label name ${JSON.stringify(key)}`)
  const escape = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')
  return `{${keys.map((key) => `${key}="${escape(labels[key]!)}"`).join(',')}}`
}

/**
 * The in-memory metrics Koppel itself writes, with their help texts in one place. The sync
 * engine increments `mutations` ({connection, type}); the webhook code writes the delivery
 * metrics. Runs are not counted here: a CLI sync runs in another process, so run metrics
 * are read from the database at scrape time (core/connection-gauges.ts).
 */
export function koppelMetrics(metrics: Metrics) {
  return {
    mutations: metrics.counter('koppel_mutations_total', 'Mutations emitted by connection and type'),
    deliveries: metrics.counter('koppel_deliveries_total', 'Webhook deliveries that reached a final status, by subscription and status'),
    attempts: metrics.counter('koppel_delivery_attempts_total', 'Webhook delivery attempts made by this process, by subscription and outcome (delivered, http_error, timeout, network_error, redirect, gone)'),
    attemptDuration: metrics.histogram('koppel_delivery_attempt_duration_seconds', 'Duration of webhook delivery attempts in seconds'),
  }
}

