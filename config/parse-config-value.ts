import type { z } from 'zod'
import { configErrorMap, issueProblems, type ConfigPath } from './config-problems.js'
import { pathKey } from './expand-variables.js'
import { knownKeysAt } from './known-keys-at.js'
import { nearestKey } from './nearest-key.js'

export interface ParseConfigValueOptions {
  /** Where `value` sits in the document; prefixes every problem path. */
  basePath?: ConfigPath
  /** Paths of strings that came from `${…}` (see `expandVariables`). */
  expandedPaths?: ReadonlySet<string>
  /** Paths already reported (failed `${…}`); issues at or below them are dropped. */
  skipPaths?: readonly ConfigPath[]
}

export type ParseConfigValueResult<T> =
  | { ok: true; data: T }
  /** `typoFor`: `pathKey`s of missing keys that an unknown key was taken to mean (already reported). */
  | { ok: false; problems: string[]; typoFor: ReadonlySet<string> }

/**
 * Validates `value` (which it may modify) with `schema` and returns every issue as a
 * `path: message` line.
 *
 * A `${VAR}` always expands to a string, yet `port: ${PORT}` or `page_size: ${PAGE_SIZE}`
 * should work in any schema, built-in or plugin. So where the schema wants a number or
 * boolean at a path that came from a reference, a matching string ("8080", "true") is
 * converted and the value validated again. Literal YAML strings are never converted, and
 * neither is anything the schema wants as a string, so secrets like "00123" stay intact.
 *
 * An unknown key names the nearest known one (`server.publc_url: unknown key, did you mean
 * public_url?`); when that key is missing, its own "is required" is left out, since it is
 * the same mistake told twice.
 */
export function parseConfigValue<T>(schema: z.ZodType<T>, value: unknown, options: ParseConfigValueOptions = {}): ParseConfigValueResult<T> {
  const basePath = options.basePath ?? []
  for (let attempt = 0; ; attempt += 1) {
    const parsed = schema.safeParse(value, { error: configErrorMap })
    if (parsed.success) return { ok: true, data: parsed.data }
    const converted = attempt < 3 && convertExpandedScalars(parsed.error.issues, value, basePath, options.expandedPaths)
    if (!converted) {
      const skipped = (options.skipPaths ?? []).map(pathKey)
      const issues = parsed.error.issues.filter((issue) => !skipped.some((skip) => isWithin(pathKey([...basePath, ...issue.path]), skip)))
      const described = describeIssues(schema, issues, value, basePath)
      return { ok: false, problems: [...new Set(described.problems)], typoFor: new Set(described.standsFor.map((path) => pathKey([...basePath, ...path]))) }
    }
  }
}

function describeIssues(
  schema: z.core.$ZodType,
  issues: readonly z.core.$ZodIssue[],
  value: unknown,
  basePath: ConfigPath,
): { problems: string[]; standsFor: PropertyKey[][] } {
  const suggestions = new Map<z.core.$ZodIssue, Map<string, string>>()
  const standsFor: PropertyKey[][] = []
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue
    const known = knownKeysAt(schema, issue.path)
    const target = lookup(value, issue.path)
    const present = new Set(target !== null && typeof target === 'object' ? Object.keys(target) : [])
    const byKey = new Map<string, string>()
    for (const key of issue.keys) {
      // A union's other options know the key itself (`path` of sqlite under driver: postgres): never "did you mean path?".
      const suggestion = nearestKey(key, known.filter((name) => name !== key), present)
      if (suggestion === undefined) continue
      byKey.set(key, suggestion)
      if (!present.has(suggestion)) standsFor.push([...issue.path, suggestion])
    }
    suggestions.set(issue, byKey)
  }
  const typoKeys = standsFor.map(pathKey)
  const problems = issues
    .filter((issue) => issue.code === 'unrecognized_keys' || !typoKeys.some((path) => isWithin(pathKey(issue.path), path)))
    .flatMap((issue) => issueProblems(issue, basePath, (key) => suggestions.get(issue)?.get(key)))
  return { problems, standsFor }
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
