import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Database } from './database.js'
import { redactedUrl, storageUrlError } from './postgres-url.js'

/** Where a pool's background errors go (pino fits). */
export interface PoolLog {
  warn(obj: object, msg?: string): void
}

/** int8 (count(*), bigserial sequences) and numeric as JavaScript numbers, for this pool only. */
const int8 = 20
const numeric = 1700
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === int8 || oid === numeric) return (value: string) => Number(value)
    return pg.types.getTypeParser(oid, format)
  },
} as pg.CustomTypesConfig

/**
 * A `pg` pool of at most `poolSize` connections behind Kysely's PostgresDialect. One
 * connection is made at once, so an unreachable server, an unknown database or a refused
 * login stops start-up as one `storage.url: …` line (the URL shown without its password).
 */
export async function openPostgres(url: string, poolSize: number, log?: PoolLog): Promise<Kysely<Database>> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types, connectionTimeoutMillis: 10_000 })
  // An idle connection that the server ends (restart, failover) must not crash the process.
  pool.on('error', (error) => log?.warn({ code: (error as { code?: string }).code }, 'a PostgreSQL connection closed'))
  try {
    const client = await pool.connect()
    client.release()
  } catch (error) {
    await pool.end().catch(() => {})
    throw postgresOpenError(url, error)
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  pools.set(db, pool)
  return db
}

const pools = new WeakMap<Kysely<Database>, pg.Pool>()

/** The pool behind a database `openPostgres` opened (not a transaction's): for what Kysely cannot send, such as COPY. */
export function postgresPool(db: Kysely<Database>): pg.Pool | undefined {
  return pools.get(db)
}

/**
 * Opens the dedicated connection a change signal LISTENs on (core/storage/change-signal.ts):
 * outside the pool, since a LISTEN belongs to one session for as long as it lives.
 */
export function postgresListener(url: string): () => Promise<pg.Client> {
  return async () => {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 })
    await client.connect()
    return client
  }
}

/** Why the server at `url` cannot be used, as one line without the password. */
function postgresOpenError(url: string, error: unknown): unknown {
  const { code, message } = error as { code?: unknown; message?: unknown }
  const where = redactedUrl(url)
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'connection refused', ENOTFOUND: 'unknown host', EAI_AGAIN: 'host name lookup failed', ETIMEDOUT: 'timed out',
    EHOSTUNREACH: 'host unreachable', ENETUNREACH: 'network unreachable', ECONNRESET: 'connection reset',
    '3D000': 'the database does not exist', '28P01': 'password authentication failed', '28000': 'the server refused this user or host',
    '57P03': 'the server is starting up or shutting down', '53300': 'too many connections',
  }
  const reason = typeof code === 'string' ? reasons[code] : undefined
  if (reason) return storageUrlError(`cannot connect to ${where}: ${reason}`, error)
  if (typeof message === 'string' && /timeout/i.test(message)) return storageUrlError(`cannot connect to ${where}: timed out`, error)
  if (typeof code === 'string' && /^(08|28|3D|53|57)/.test(code)) return storageUrlError(`cannot connect to ${where} (${code})`, error)
  return error
}
