import { sql } from 'kysely'
import type { Executor } from './database.js'
import { storageDialect } from './dialect.js'

/** The PostgreSQL channel on which commits of deliveries are announced. */
export const changeChannel = 'koppel_changes'

/**
 * Tells the other processes on the database that deliveries became due, inside the commit
 * transaction that made them (so the notice goes out with the commit, never before it).
 * PostgreSQL: `pg_notify`, delivered at commit and dropped on rollback. SQLite needs nothing:
 * any commit changes the file's `data_version`, which `createChangeSignal` watches.
 */
export async function announceChange(trx: Executor): Promise<void> {
  if (storageDialect(trx) === 'postgres') await sql`SELECT pg_notify(${changeChannel}, '')`.execute(trx)
}

/** The dedicated PostgreSQL connection that LISTENs (a `pg.Client` fits). */
export interface ListenClient {
  query(text: string): Promise<unknown>
  on(event: 'notification', listener: (message: { channel: string }) => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
  end(): Promise<void>
}

export interface ChangeSignalOptions {
  /** SQLite: how often `PRAGMA data_version` is read. Default 25 ms (one tiny statement). */
  pollMs?: number
  /** PostgreSQL: opens the connection that LISTENs. Without it there is no cross-process signal. */
  listen?: () => Promise<ListenClient>
  /** Told when the signal breaks (the listening connection failed); the dispatcher's poll still runs. */
  onError?: (error: Error) => void
}

/**
 * Notices commits of other processes on the same database (the CLI's `sync`, another
 * replica), so a dispatcher sends their deliveries at once instead of at its next poll.
 * A commit of this process is not reported: it wakes the dispatcher in-process.
 * - SQLite: `PRAGMA data_version` on this process's connection changes exactly when another
 *   connection committed; reading it every `pollMs` costs one statement and no file read.
 * - PostgreSQL: LISTEN on `changeChannel` (see `announceChange`).
 */
export interface ChangeSignal {
  start(onChange: () => void): void
  stop(): Promise<void>
}

export function createChangeSignal(db: Executor, options: ChangeSignalOptions = {}): ChangeSignal {
  return storageDialect(db) === 'postgres' ? listenSignal(options) : dataVersionSignal(db, options)
}

function dataVersionSignal(db: Executor, options: ChangeSignalOptions): ChangeSignal {
  let timer: NodeJS.Timeout | undefined
  let reading: Promise<void> | undefined
  let last: number | undefined
  const read = async () => Number((await sql<{ data_version: number }>`PRAGMA data_version`.execute(db)).rows[0]?.data_version)
  return {
    start(onChange) {
      if (timer) return
      timer = setInterval(() => {
        if (reading) return
        reading = read().then((version) => {
          if (last !== undefined && version !== last) onChange()
          last = version
        }, (error: unknown) => options.onError?.(error as Error)).finally(() => (reading = undefined))
      }, options.pollMs ?? 25)
      timer.unref()
    },
    async stop() {
      clearInterval(timer)
      timer = undefined
      await reading
    },
  }
}

function listenSignal(options: ChangeSignalOptions): ChangeSignal {
  let client: ListenClient | undefined
  let stopped = false
  return {
    start(onChange) {
      if (!options.listen || client) return
      stopped = false
      void options.listen().then(async (opened) => {
        if (stopped) return opened.end()
        client = opened
        opened.on('notification', (message) => {
          if (message.channel === changeChannel) onChange()
        })
        opened.on('error', (error) => options.onError?.(error))
        await opened.query(`LISTEN ${changeChannel}`)
      }).catch((error: unknown) => options.onError?.(error as Error))
    },
    async stop() {
      stopped = true
      const open = client
      client = undefined
      await open?.end().catch(() => {})
    },
  }
}
