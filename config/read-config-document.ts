import { readFile } from 'node:fs/promises'
import { parseDocument, type YAMLError } from 'yaml'
import { describeFileError } from './expand-variables.js'

export type ReadConfigDocumentResult = { ok: true; document: Record<string, unknown> } | { ok: false; problems: string[] }

/**
 * Reads and parses the YAML file into plain data: a missing or unreadable file, an empty
 * file, YAML syntax errors (with line and column) and a top level that is not a mapping
 * each become one problem line instead of a stack trace
 * (`config/gateway.yaml: YAML syntax error at line 4, column 3: bad indentation of a mapping entry`).
 */
export async function readConfigDocument(path: string): Promise<ReadConfigDocumentResult> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    return { ok: false, problems: [`cannot read config file ${path} (${describeFileError(error)})`] }
  }

  // `merge` lets sysadmins share blocks between connections with `<<: *anchor`.
  const document = parseDocument(text, { prettyErrors: true, merge: true })
  const [first] = document.errors
  // Later syntax errors are mostly echoes of the first, so one line says it best.
  if (first) return { ok: false, problems: [`${path}: YAML syntax error ${describeYamlError(first, text)}`] }
  if (document.contents === null) return { ok: false, problems: [`config file ${path} is empty`] }
  let data: unknown
  try {
    data = document.toJS()
  } catch (error) {
    // e.g. an alias expanded too often ("billion laughs"): the yaml package refuses it.
    return { ok: false, problems: [`cannot read config file ${path} (${error instanceof Error ? error.message : String(error)})`] }
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    const found = Array.isArray(data) ? 'a list' : data === null ? 'null' : `a ${typeof data}`
    return { ok: false, problems: [`the top level of ${path} must be a mapping (server:, secrets:, connections:, …), found ${found}`] }
  }
  return { ok: true, document: data as Record<string, unknown> }
}

/**
 * `at line L, column C: what`, in words a sysadmin recognises. The yaml package reports an
 * over-indented line at the end of the line above it ("nested mappings are not allowed in
 * compact mappings"), so for indentation errors the position is moved to the line at fault.
 */
function describeYamlError(error: YAMLError, text: string): string {
  // prettyErrors appends " at line L, column C:" and a source excerpt; keep the first part.
  const message = error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '')
  const lines = text.split(/\r?\n/)
  const start = error.linePos?.[0] ?? { line: 1, col: 1 }
  const at = (line: number) => `at line ${line}, column ${firstColumn(lines[line - 1] ?? '')}`
  switch (error.code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY': {
      const next = lines.findIndex((line, index) => index >= start.line && line.trim() !== '' && !line.trim().startsWith('#'))
      const line = next === -1 ? start.line : next + 1
      return `${at(line)}: bad indentation of a mapping entry (indented deeper than the entry above it)`
    }
    case 'BAD_INDENT':
      if (message.startsWith('All mapping items')) return `${at(start.line)}: bad indentation of a mapping entry (entries of one mapping must start in the same column)`
      return `at line ${start.line}, column ${start.col}: ${lowerFirst(message)}`
    case 'TAB_AS_INDENT':
      return `${at(start.line)}: bad indentation: tabs are not allowed, indent with spaces`
    case 'MISSING_CHAR':
      if (message.startsWith('Sequence item without')) return `${at(start.line)}: bad indentation of a list item (or a missing "- ")`
      return `at line ${start.line}, column ${start.col}: ${lowerFirst(message)}`
    case 'DUPLICATE_KEY': {
      const key = /^\s*(?:-\s+)?([^\s:#{[,][^:#]*?)\s*:/.exec(lines[start.line - 1] ?? '')?.[1]
      return `${at(start.line)}: duplicate key${key === undefined ? '' : ` "${key}"`} (a key may appear once per mapping)`
    }
    default:
      return `at line ${start.line}, column ${start.col}: ${lowerFirst(message)}`
  }
}

/** 1-based column of the first character that is not indentation. */
function firstColumn(line: string): number {
  return line.length - line.trimStart().length + 1
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}
