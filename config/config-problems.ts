import type { z } from 'zod'

/** A location in the config document: keys and list indexes, e.g. `['connections', 1, 'schedule']`. */
export type ConfigPath = readonly PropertyKey[]

/** `['connections', 1, 'schedule']` → `connections[1].schedule`. */
export function formatPath(path: ConfigPath): string {
  let text = ''
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`
    else text += text === '' ? String(segment) : `.${String(segment)}`
  }
  return text
}

/** One problem line: `connections[1].schedule: invalid cron expression "* * *"`. */
export function problemAt(path: ConfigPath, message: string): string {
  return path.length === 0 ? message : `${formatPath(path)}: ${message}`
}

const nouns: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
}

/**
 * Messages a sysadmin can act on, for the issues whose schema gives no message of its own.
 * Pass as the `error` option of `safeParse`; returning undefined keeps zod's default.
 */
export const configErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required'
      return `must be ${nouns[issue.expected] ?? issue.expected}`
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => String(value)).join(', ')}`
    case 'too_small':
      if (issue.origin === 'array') return `needs at least ${String(issue.minimum)} item(s)`
      if (issue.origin === 'string') return `must be at least ${String(issue.minimum)} characters`
      return `must be ${issue.inclusive ? 'at least' : 'more than'} ${String(issue.minimum)}`
    case 'too_big':
      if (issue.origin === 'array') return `allows at most ${String(issue.maximum)} item(s)`
      if (issue.origin === 'string') return `must be at most ${String(issue.maximum)} characters`
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}`
    default:
      return undefined
  }
}

/**
 * Problem lines for one zod issue, its path placed under `basePath`; an unknown-keys issue
 * gives one line per key, with `suggest`'s nearest known key when it has one.
 */
export function issueProblems(issue: z.core.$ZodIssue, basePath: ConfigPath = [], suggest?: (key: string) => string | undefined): string[] {
  const path = [...basePath, ...issue.path]
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const suggestion = suggest?.(key)
      return problemAt([...path, key], suggestion === undefined ? 'unknown key' : `unknown key, did you mean ${suggestion}?`)
    })
  }
  return [problemAt(path, issue.message)]
}
