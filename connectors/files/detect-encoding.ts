import { createReadStream } from 'node:fs'
import { FileRejected } from './file-error.js'

export type FileEncoding = 'utf-8' | 'windows-1252'

/**
 * The encoding of a file (DESIGN.md §2): a UTF-8 BOM or valid UTF-8 is UTF-8, anything else
 * Windows-1252; with `declared` UTF-8 the file must be valid UTF-8. A UTF-16 file or one
 * with NUL bytes (a spreadsheet saved as .xlsx, say) cannot be read and is refused. Reads the
 * file once, streaming; a declared Windows-1252 file is not read here.
 */
export async function detectEncoding(path: string, file: string, declared: FileEncoding | undefined, signal?: AbortSignal): Promise<FileEncoding> {
  if (declared === 'windows-1252') return declared
  const decoder = new TextDecoder('utf-8', { fatal: true })
  let first = true
  let utf8 = true
  for await (const chunk of createReadStream(path, { signal, highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    if (first) {
      first = false
      if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) {
        throw new FileRejected(file, 'unreadable encoding: UTF-16 is not supported (export as UTF-8 or Windows-1252)')
      }
    }
    if (chunk.includes(0)) throw new FileRejected(file, 'unreadable encoding: the file holds NUL bytes, it is not a text file (CSV or JSON Lines)')
    if (!utf8) continue
    try {
      decoder.decode(chunk, { stream: true })
    } catch {
      utf8 = false
    }
  }
  if (utf8) {
    try {
      decoder.decode()
    } catch {
      utf8 = false
    }
  }
  if (utf8) return 'utf-8'
  if (declared === 'utf-8') throw new FileRejected(file, 'unreadable encoding: the file is not valid UTF-8 (set encoding: windows-1252, or leave encoding out to detect it)')
  return 'windows-1252'
}
