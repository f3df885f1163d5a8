import type pg from 'pg'
import { RecordHashes } from './record-hashes.js'

type EmployerScope = { connectionId: string; employerId: string }

/**
 * PostgreSQL: one employer's stored hashes through `COPY (SELECT entity, id, hash …) TO
 * STDOUT`, its text rows parsed from their bytes straight into the tables. A query's rows
 * cost a row object and three strings each, parsed on the main thread: 400k hashes took
 * 0.8-1.1 s through a cursor, most of it in `pg`'s row parser. The tables are sized from a
 * grouped count (0.12-0.15 s for 400k records), which runs on a second connection of the
 * pool while the copy streams: the rows that arrive before it are kept as bytes meanwhile.
 */
export async function copyEmployerHashes(pool: pg.Pool, scope: EmployerScope): Promise<Map<string, RecordHashes>> {
  const hashes = new Map<string, RecordHashes>()
  const sizeTables = (result: pg.QueryResult<{ entity: string; records: number | string; idChars: number | string }>) => {
    for (const size of result.rows) hashes.set(size.entity, new RecordHashes({ records: Number(size.records), idChars: Number(size.idChars) }))
  }
  const countSql = 'SELECT entity, count(*) AS records, sum(length(id)) AS "idChars" FROM records WHERE connection_id = $1 AND employer_id = $2 GROUP BY entity'
  const alongside = (pool.options.max ?? 10) > 1
  const sizes = alongside ? pool.query(countSql, [scope.connectionId, scope.employerId]) : undefined
  sizes?.catch(() => {}) // awaited below
  const client = await pool.connect()
  let failed = false
  try {
    if (!sizes) sizeTables(await client.query(countSql, [scope.connectionId, scope.employerId]))
    let rows = sizes ? undefined : new HashRows(hashes)
    const early = new ByteQueue()
    const sized = sizes?.then((result) => {
      sizeTables(result)
      rows = new HashRows(hashes)
      rows.write(early.take())
    })
    // COPY takes no parameters: the scope goes in as quoted literals.
    const text = `COPY (SELECT entity, id, hash FROM records WHERE connection_id = ${client.escapeLiteral(scope.connectionId)} `
      + `AND employer_id = ${client.escapeLiteral(scope.employerId)}) TO STDOUT`
    const copied = new Promise<void>((resolve, reject) => {
      client.query(new CopyOut(text, (chunk) => (rows ? rows.write(chunk) : early.push(chunk)), (error) => (error ? reject(error) : resolve())))
    })
    await Promise.all([copied, sized])
    rows!.end()
    return hashes
  } catch (error) {
    failed = true
    throw error
  } finally {
    // A connection that failed during the copy is closed, not given back to the pool.
    client.release(failed)
  }
}

/** Bytes appended chunk by chunk into one growing buffer (the chunks themselves are reused by `pg`). */
class ByteQueue {
  #bytes = Buffer.allocUnsafe(0)
  #length = 0

  push(chunk: Buffer): void {
    if (this.#length + chunk.length > this.#bytes.length) {
      const bigger = Buffer.allocUnsafe(Math.max(64 * 1024, this.#bytes.length * 2, this.#length + chunk.length))
      this.#bytes.copy(bigger, 0, 0, this.#length)
      this.#bytes = bigger
    }
    chunk.copy(this.#bytes, this.#length)
    this.#length += chunk.length
  }

  /** Everything pushed; the queue is empty after. */
  take(): Buffer {
    const bytes = this.#bytes.subarray(0, this.#length)
    this.#bytes = Buffer.allocUnsafe(0)
    this.#length = 0
    return bytes
  }
}

/**
 * A `COPY … TO STDOUT` as a `pg` submittable: each CopyData chunk goes to `onChunk` (valid
 * only during the call: `pg` reuses its buffer), and `done` runs once, after the server is
 * ready again or at the first error. An error `onChunk` throws is kept and reported at the
 * end; the rest of the copy is read and dropped, so the connection stays usable.
 */
class CopyOut implements pg.Submittable {
  #failure: unknown
  #settled = false

  constructor(readonly text: string, readonly onChunk: (chunk: Buffer) => void, readonly done: (error?: unknown) => void) {}

  submit(connection: { query(text: string): void }): void {
    connection.query(this.text)
  }

  handleCopyData(message: { chunk: Buffer }): void {
    if (this.#failure !== undefined) return
    try {
      this.onChunk(message.chunk)
    } catch (error) {
      this.#failure = error
    }
  }

  handleError(error: unknown): void {
    this.#settle(error)
  }

  handleReadyForQuery(): void {
    this.#settle(this.#failure)
  }

  // A COPY sends none of these; present so an unexpected message does not throw inside `pg`.
  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}

  #settle(error: unknown): void {
    if (this.#settled) return
    this.#settled = true
    this.done(error)
  }
}

const tab = 9
const newline = 10
const backslash = 92

/**
 * Text COPY rows `entity \t id \t hash \n`, in chunks that may split a row anywhere. An ASCII
 * id without escapes is added from the bytes; any other (a backslash escape, UTF-8) is
 * decoded first.
 */
export class HashRows {
  #carry: Buffer | undefined
  #entities: Array<{ bytes: Uint8Array; table: RecordHashes }> = []

  constructor(readonly hashes: Map<string, RecordHashes>) {}

  write(chunk: Buffer): void {
    let bytes = chunk
    if (this.#carry) {
      bytes = Buffer.concat([this.#carry, chunk])
      this.#carry = undefined
    }
    let start = 0
    for (let end = start; end < bytes.length; end++) {
      if (bytes[end] !== newline) continue
      this.#row(bytes, start, end)
      start = end + 1
    }
    // Copied: the chunk's buffer is reused once this returns.
    if (start < bytes.length) this.#carry = Buffer.from(bytes.subarray(start))
  }

  /** The copy ended: a row without its newline means it was cut short. */
  end(): void {
    if (this.#carry) throw new Error('the stored hashes ended within a row')
  }

  // Plain loops over the bytes: Buffer's indexOf and compare cost more per call than a row's scan.
  #row(bytes: Buffer, start: number, end: number): void {
    let idStart = start
    while (idStart < end && bytes[idStart] !== tab) idStart++
    let hashStart = ++idStart
    let plain = true
    for (; hashStart < end && bytes[hashStart] !== tab; hashStart++) if (bytes[hashStart]! >= 0x80 || bytes[hashStart] === backslash) plain = false
    if (++hashStart > end) throw new Error('a stored hash row without three fields')
    const table = this.#tableOf(bytes, start, idStart - 1)
    if (plain) table.addAscii(bytes, idStart, hashStart - 1, hashStart, end)
    else table.add(field(bytes, idStart, hashStart - 1), field(bytes, hashStart, end))
  }

  /** The table of a row's entity, found by its bytes among the entities seen (a handful). */
  #tableOf(bytes: Buffer, start: number, end: number): RecordHashes {
    const length = end - start
    for (const known of this.#entities) {
      const name = known.bytes
      if (name.length !== length) continue
      let i = 0
      while (i < length && name[i] === bytes[start + i]) i++
      if (i === length) return known.table
    }
    const entity = field(bytes, start, end)
    let table = this.hashes.get(entity)
    // An entity committed between the count and the copy's snapshot starts unsized.
    if (!table) this.hashes.set(entity, (table = new RecordHashes()))
    this.#entities.push({ bytes: Uint8Array.from(bytes.subarray(start, end)), table })
    return table
  }
}

const escapes: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' }

/** One text-COPY field as its string: UTF-8, with COPY's backslash escapes undone. */
function field(bytes: Buffer, start: number, end: number): string {
  const text = bytes.toString('utf8', start, end)
  return text.includes('\\') ? text.replace(/\\(.)/gs, (_, char: string) => escapes[char] ?? char) : text
}
