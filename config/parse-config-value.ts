import type { z } from 'zod'
import { configErrorMap, issueProblems, type ConfigPath } from './config-problems.js'
import { pathKey } from './expand-variables.js'

export interface ParseConfigValueOptions {
  /** Where `value` sits in the document; prefixes every problem path. */
  basePath?: ConfigPath
  /** Paths of strings that came from `${…}` (see `expandVariables`). */
  expandedPaths?: ReadonlySet<string>
  /** Paths already reported (failed `${…}`); issues at or below them are dropped. */
  skipPaths?: readonly ConfigPath[]
}

export type ParseConfigValueResult<T> = { ok: true; data: T } | { ok: false; problems: string[] }

/**
 * Validates `value` (which it may modify) with `schema` and returns every issue as a
 * `path: message` line.
 *
 * A `${VAR}` always expands to a string, yet `port: ${PORT}` or `page_size: ${PAGE_SIZE}`
 * should work in any schema, built-in or plugin. So where the schema wants a number or
 * boolean at a path that came from a reference, a matching string ("8080", "true") is
 * converted and the value validated again. Literal YAML strings are never converted, and
 * neither is anything the schema wants as a string, so secrets like "00123" stay intact.
 */
export function parseConfigValue<T>(schema: z.ZodType<T>, value: unknown, options: ParseConfigValueOptions = {}): ParseConfigValueResult<T> {
  const basePath = options.basePath ?? []
  for (let attempt = 0; ; attempt += 1) {
    const parsed = schema.safeParse(value, { error: configErrorMap })
    if (parsed.success) return { ok: true, data: parsed.data }
    const converted = attempt < 3 && convertExpandedScalars(parsed.error.issues, value, basePath, options.expandedPaths)
    if (!converted) {
      const skipped = (options.skipPaths ?? []).map(pathKey)
      const problems = parsed.error.issues
        .filter((issue) => !skipped.some((skip) => isWithin(pathKey([...basePath, ...issue.path]), skip)))
        .flatMap((issue) => issueProblems(issue, basePath))
      return { ok: false, problems: [...new Set(problems)] }
    }
  }
}

function convertExpandedScalars(issues: readonly z.core.$ZodIssue[], root: unknown, basePath: ConfigPath, expanded?: ReadonlySet<string>): boolean {
  let converted = false
  for (const issue of issues) {
    if (issue.code !== 'invalid_type' || !expanded?.has(pathKey([...basePath, ...issue.path]))) continue
    const parent = lookup(root, issue.path.slice(0, -1))
    const key = issue.path.at(-1)
    if (parent === null || typeof parent !== 'object' || key === undefined) continue
    const current: unknown = (parent as Record<PropertyKey, unknown>)[key]
    if (typeof current !== 'string') continue
    const scalar = toScalar(current.trim(), issue.expected)
    if (scalar === undefined) continue
    ;(parent as Record<PropertyKey, unknown>)[key] = scalar
    converted = true
  }
  return converted
}

function toScalar(text: string, expected: string): number | boolean | undefined {
  if ((expected === 'number' || expected === 'int') && /^-?\d+(\.\d+)?$/.test(text)) return Number(text)
  if (expected === 'boolean' && (text === 'true' || text === 'false')) return text === 'true'
  return undefined
}

function lookup(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<PropertyKey, unknown>)[segment]
  }
  return current
}

/** Whether the path with key `inner` equals or lies below the path with key `outer` (both JSON arrays). */
function isWithin(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(`${outer.slice(0, -1)},`)
}
