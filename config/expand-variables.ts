import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { problemAt, type ConfigPath } from './config-problems.js'

export interface ExpandVariablesOptions {
  env: Record<string, string | undefined>
  /** Folder that relative `${file:…}` paths are resolved against (the config file's folder). */
  baseDir: string
}

export interface ExpandVariablesResult {
  /** A copy of the document with every reference replaced; a string whose references fail keeps its raw text. */
  value: unknown
  problems: string[]
  /** Paths whose reference failed: other checks of those values would only repeat the problem. */
  failedPaths: ConfigPath[]
  /** Paths of strings that contained at least one reference (`pathKey` of each). */
  expandedPaths: Set<string>
}

/** Identity of a path for sets: `['connections', 1]` and `['connections', '1']` differ, as in zod issues. */
export function pathKey(path: ConfigPath): string {
  return JSON.stringify(path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment)))
}

/**
 * One left-to-right scan: `$$` (a literal `$`), `${…}`, an unclosed `${`, and a bare `$NAME`
 * (capitals, digits, underscores). A `$` before anything else (`$foo`, `pa$5word`, `5$`) is literal.
 */
const token = /\$\$|\$\{([^}]*)\}|\$\{|\$([A-Z_][A-Z0-9_]*)/g
const variableName = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * Replaces `${VAR}` with the environment variable and `${file:/path}` with the file's
 * trimmed content (Docker secrets) inside every string value of a parsed YAML document,
 * also when embedded (`"prefix-${VAR}"`). `$$` gives a literal `$` (so `$${X}` is the text
 * `${X}` and `$$HOME` the text `$HOME`). A bare `$NAME` is refused: it is almost always a
 * forgotten `${NAME}`, and taken literally it would turn `admin_token: $KOPPEL_ADMIN_TOKEN`
 * into a guessable token. An unset or empty variable (or empty file) is refused too, rather
 * than becoming an empty string.
 *
 * Keys are never expanded nor checked: every key is matched against a schema, so `$NAME`
 * or `${VAR}` as a key is reported as an unknown key, and a key that came from the
 * environment would make the file's structure depend on it. Expanded values stay strings;
 * the schema check decides about numbers.
 *
 * Working on the parsed document, not the raw text, keeps a value's quotes, colons or
 * newlines from changing the YAML's structure.
 */
export function expandVariables(document: unknown, options: ExpandVariablesOptions): ExpandVariablesResult {
  const result: ExpandVariablesResult = { value: undefined, problems: [], failedPaths: [], expandedPaths: new Set() }

  function expandString(text: string, path: ConfigPath): string {
    let referenced = false
    let failed = false
    const expanded = text.replace(token, (match, reference: string | undefined, bareName: string | undefined) => {
      if (match === '$$') return '$'
      const resolved =
        bareName !== undefined
          ? { error: `"$${bareName}" without braces: did you mean \${${bareName}}? (write $$ for a literal $)` }
          : reference === undefined
            ? { error: 'unclosed "${" (write "$${" for a literal "${")' }
            : resolveReference(reference, options)
      referenced = true
      if ('text' in resolved) return resolved.text
      failed = true
      result.problems.push(problemAt(path, resolved.error))
      return match
    })
    if (failed) {
      result.failedPaths.push(path)
      return text
    }
    if (referenced) result.expandedPaths.add(pathKey(path))
    return expanded
  }

  function walk(value: unknown, path: ConfigPath): unknown {
    if (typeof value === 'string') return expandString(value, path)
    if (Array.isArray(value)) return value.map((item, index) => walk(item, [...path, index]))
    if (value !== null && typeof value === 'object') {
      // fromEntries defines own properties, so a `__proto__` key stays a plain (unknown) key.
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item, [...path, key])]))
    }
    return value
  }

  result.value = walk(document, [])
  return result
}

function resolveReference(reference: string, options: ExpandVariablesOptions): { text: string } | { error: string } {
  if (reference.startsWith('file:')) {
    const written = reference.slice('file:'.length).trim()
    if (written === '') return { error: '"${file:}" needs a path' }
    const path = resolve(options.baseDir, written)
    try {
      const content = readFileSync(path, 'utf8').trim()
      return content === '' ? { error: `file ${path} is empty` } : { text: content }
    } catch (error) {
      return { error: `cannot read file ${path} (${describeFileError(error)})` }
    }
  }
  const name = reference.trim()
  if (!variableName.test(name)) return { error: `invalid reference "\${${reference}}" (use \${NAME} or \${file:/path})` }
  const value = options.env[name]
  if (value === undefined) return { error: `environment variable ${name} is not set` }
  if (value === '') return { error: `environment variable ${name} is empty` }
  return { text: value }
}

export function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  if (code === 'EISDIR') return 'is a directory'
  return error instanceof Error ? error.message : String(error)
}
