import { KoppelError } from 'koppel/sdk'

/**
 * A file that cannot be read as a whole (an unknown or missing column, an unreadable
 * encoding, a CSV syntax error, an invalid row under `on_invalid_row: reject_file`): one
 * error naming the file, never a cell's value. `lines` are the row reports, for `.error.txt`.
 */
export class FileRejected extends KoppelError {
  readonly file: string
  readonly lines: readonly string[]

  constructor(file: string, reason: string, lines: readonly string[] = []) {
    super('upstream_bad_response', `file "${file}": ${reason}`, { details: { file } })
    this.file = file
    this.lines = lines
  }
}

export function isFileRejected(error: unknown): error is FileRejected {
  return error instanceof FileRejected
}
