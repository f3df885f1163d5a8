import { readFile } from 'node:fs/promises'
import { parseDocument } from 'yaml'
import { describeFileError } from './expand-variables.js'

export type ReadConfigDocumentResult = { ok: true; document: Record<string, unknown> } | { ok: false; problems: string[] }

/**
 * Reads and parses the YAML file into plain data: a missing or unreadable file, an empty
 * file, YAML syntax errors (with line and column) and a top level that is not a mapping
 * each become one problem line instead of a stack trace.
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
  if (document.errors.length > 0) {
    const problems = document.errors.map((error) => {
      // prettyErrors appends " at line L, column C:" and a source excerpt; keep the first part.
      const message = error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '')
      const position = error.linePos?.[0]
      return position ? `line ${position.line}, column ${position.col}: ${message}` : message
    })
    return { ok: false, problems: [...new Set(problems)] }
  }

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
