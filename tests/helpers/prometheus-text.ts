/** One sample line of a scrape. */
export interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

export interface Scrape {
  /** Families by name, from their TYPE lines. */
  types: Map<string, string>
  samples: Sample[]
  /** The value of the one sample with this name and exactly these labels; undefined when absent. */
  value(name: string, labels?: Record<string, string>): number | undefined
  /** Samples of a name whose labels include these. */
  select(name: string, labels?: Record<string, string>): Sample[]
}

const name = '[a-zA-Z_:][a-zA-Z0-9_:]*'
const labelPair = `([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\\\\n]|\\\\[\\\\"n])*)"`
const sampleLine = new RegExp(`^(${name})(?:\\{((?:${labelPair})(?:,${labelPair})*)?,?\\})? (\\S+)(?: (-?\\d+))?$`)
const number = /^(?:[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|NaN|[+-]Inf)$/
const types = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped'])

/**
 * Parses Prometheus text format 0.0.4 strictly: every line must be a HELP, TYPE or sample
 * line; HELP and TYPE come once per family, before its samples; a family's samples are
 * together; label values use only the three escapes; no series repeats. Throws with the
 * line number on the first violation.
 */
export function parsePrometheusText(text: string): Scrape {
  if (!text.endsWith('\n')) throw new Error('exposition must end with a newline')
  const typeOf = new Map<string, string>()
  const helped = new Set<string>()
  const seenSeries = new Set<string>()
  const finished = new Set<string>()
  const samples: Sample[] = []
  let current: string | undefined
  const lines = text.slice(0, -1).split('\n')
  lines.forEach((line, index) => {
    const fail = (why: string) => { throw new Error(`line ${index + 1}: ${why}: ${JSON.stringify(line)}`) }
    const enter = (family: string) => {
      if (family === current) return
      if (finished.has(family)) fail(`family ${family} is not contiguous`)
      if (current) finished.add(current)
      current = family
    }
    if (line.startsWith('#')) {
      const help = new RegExp(`^# HELP (${name}) (.*)$`).exec(line)
      const type = new RegExp(`^# TYPE (${name}) (\\w+)$`).exec(line)
      if (help) {
        if (helped.has(help[1]!)) fail('second HELP')
        if (/\\[^\\n]/.test(help[2]!.replace(/\\\\/g, ''))) fail('bad escape in HELP')
        helped.add(help[1]!)
        enter(help[1]!)
      } else if (type) {
        if (typeOf.has(type[1]!)) fail('second TYPE')
        if (!types.has(type[2]!)) fail('unknown type')
        if (samples.some((s) => familyOf(s.name, typeOf) === type[1])) fail('TYPE after samples')
        typeOf.set(type[1]!, type[2]!)
        enter(type[1]!)
      } else if (!/^# /.test(line)) fail('bad comment')
      return
    }
    const match = sampleLine.exec(line)
    if (!match) fail('not a sample line')
    const [, metric, labelText, ...rest] = match!
    const value = rest.at(-2)!
    if (!number.test(value)) fail('bad value')
    const labels: Record<string, string> = {}
    for (const pair of (labelText ?? '').matchAll(new RegExp(labelPair, 'g'))) {
      if (pair[1]! in labels) fail(`label ${pair[1]} twice`)
      labels[pair[1]!] = pair[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c))
    }
    const family = familyOf(metric!, typeOf)
    if (!typeOf.has(family)) fail(`sample of ${family} without a TYPE line`)
    enter(family)
    if (typeOf.get(family) === 'histogram' && metric!.endsWith('_bucket') && !('le' in labels)) fail('bucket without le')
    const series = `${metric}${JSON.stringify(Object.entries(labels).sort())}`
    if (seenSeries.has(series)) fail('series repeated')
    seenSeries.add(series)
    samples.push({ name: metric!, labels, value: value === '+Inf' ? Infinity : value === '-Inf' ? -Infinity : Number(value) })
  })
  const matches = (sample: Sample, labels: Record<string, string>) => Object.entries(labels).every(([k, v]) => sample.labels[k] === v)
  return {
    types: typeOf,
    samples,
    value(metric, labels = {}) {
      const found = samples.filter((s) => s.name === metric && Object.keys(s.labels).length === Object.keys(labels).length && matches(s, labels))
      if (found.length > 1) throw new Error(`${found.length} samples of ${metric} match`)
      return found[0]?.value
    },
    select: (metric, labels = {}) => samples.filter((s) => s.name === metric && matches(s, labels)),
  }
}

function familyOf(metric: string, typeOf: ReadonlyMap<string, string>): string {
  if (typeOf.has(metric)) return metric
  for (const suffix of ['_bucket', '_sum', '_count']) {
    const base = metric.slice(0, -suffix.length)
    if (metric.endsWith(suffix) && typeOf.get(base) === 'histogram') return base
  }
  return metric
}
