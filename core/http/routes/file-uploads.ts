import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { link, unlink } from 'node:fs/promises'
import path from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { Hono } from 'hono'
import { z } from 'zod'
import type { ConnectionSpec } from '../../connection-spec.js'
import { isKoppelError, KoppelError } from '../../errors.js'
import { ulid } from '../../ids.js'
import type { Logger } from '../../connector.js'
import type { Registry } from '../../registry.js'
import type { SyncRunner } from '../../sync/sync-runner.js'

export interface FileUploadRoutesDeps {
  registry: Registry
  connections: readonly ConnectionSpec[]
  runner: SyncRunner
  log: Logger
}

/** The upload route's path, which the app's general body limit leaves to the route's own (`max_file_bytes`). */
export const fileUploadPath = /^\/api\/connections\/[^/]+\/files$/

/** A plain file name: no folder, no leading dot, at most 200 characters. */
const fileName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._ ()-]{0,199}$/, 'must be a plain file name (letters, digits, . _ - space and brackets, not starting with a dot)')
  .refine((name) => !name.includes('..'), 'must not contain ".."')

export const uploadQuery = z.strictObject({
  /** The file's name in the drop folder: it decides which entity mapping reads it (e.g. `employees-2026-11.csv`). */
  name: fileName,
})

/**
 * `POST /connections/:id/files?name=<file name>` (DESIGN.md §2): the raw body is streamed
 * into the connection's drop folder (a hidden part file, then linked under its name, so a
 * run never sees half a file and an existing file is never overwritten), up to the
 * connector's `max_file_bytes` (413 beyond), then a run starts as `POST /sync` starts one.
 * 400 for a connection that takes no files or a name it would never read, 404 for an unknown
 * connection, 409 while a run of the connection is going (nothing is stored: send it again
 * later) or when a file of that name waits in the folder.
 */
export function fileUploadRoutes(deps: FileUploadRoutesDeps): Hono {
  return new Hono().post('/connections/:id/files', async (c) => {
    const id = c.req.param('id')
    const connection = deps.connections.find((candidate) => candidate.id === id)
    if (!connection) throw new KoppelError('not_found', `connection "${id}" is not configured`)
    const connector = deps.registry.get(connection.connector)
    const target = connector?.uploads?.(connection.settings)
    if (!target) throw new KoppelError('invalid_request', `connection "${id}" (connector ${connection.connector}) does not take files`)
    const { name } = uploadQuery.parse({ name: c.req.query('name') })
    const refused = target.checkName?.(name)
    if (refused !== undefined) throw new KoppelError('invalid_request', `file name "${name}" ${refused}`)
    if (!connection.enabled) throw new KoppelError('connection_disabled', `connection "${id}" is disabled (enabled: false)`)
    const declared = Number(c.req.header('content-length') ?? Number.NaN)
    if (declared > target.maxBytes) throw tooLarge(target.maxBytes)
    if (deps.runner.isRunning(id)) throw new KoppelError('run_in_progress', `a sync of "${id}" is running: send the file again when it has ended`)

    const fileId = `file_${ulid()}`
    const part = path.join(target.directory, `.upload-${fileId}-${randomBytes(4).toString('hex')}.part`)
    const final = path.join(target.directory, name)
    try {
      await pipeline(
        c.req.raw.body ? Readable.fromWeb(c.req.raw.body as import('node:stream/web').ReadableStream<Uint8Array>) : Readable.from([]),
        limitBytes(target.maxBytes),
        createWriteStream(part, { mode: 0o600, flags: 'wx' }),
      )
      // link() refuses an existing name atomically, where rename() would overwrite it.
      await link(part, final)
    } catch (error) {
      await unlink(part).catch(() => {})
      if (isKoppelError(error)) throw error
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new KoppelError('conflict', `a file named "${name}" waits in the drop folder already`)
      throw new KoppelError('internal_error', 'the upload could not be stored', { cause: error })
    }
    await unlink(part).catch(() => {})
    const log = deps.log.child({ connection: id, fileId })
    log.info({}, 'file uploaded')
    try {
      const { runId } = await deps.runner.trigger(id, { trigger: 'api' })
      return c.json({ fileId, runId }, 202)
    } catch (error) {
      // Another process started a run meanwhile: the file is stored and the next run reads it.
      if (isKoppelError(error) && error.code === 'run_in_progress') {
        throw new KoppelError('run_in_progress', `the file is stored; a sync of "${id}" is running and the next one reads it`, { details: { fileId, stored: true } })
      }
      throw error
    }
  })
}

function tooLarge(maxBytes: number): KoppelError {
  return new KoppelError('payload_too_large', `the file is larger than max_file_bytes (${maxBytes} bytes)`, { details: { maxBytes } })
}

/** Passes bytes through and fails with 413 once more than `maxBytes` went by. */
function limitBytes(maxBytes: number): Transform {
  let seen = 0
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length
      if (seen > maxBytes) done(tooLarge(maxBytes))
      else done(null, chunk)
    },
  })
}
