import type { GatewayConfig } from '../config/schema.js'
import { KoppelError } from '../core/errors.js'
import { backupDatabase } from '../core/storage/backup-database.js'

/**
 * `backup <file>`: a consistent copy of the SQLite database, safe while the gateway runs.
 * Exit 2 for a missing or existing target, an in-memory database, or a database that is not
 * SQLite (PostgreSQL is backed up with its own tools).
 */
export async function backupCommand(config: GatewayConfig, target: string | undefined): Promise<number> {
  if (!target) throw new KoppelError('usage_invalid', 'backup needs a target file: tsx gateway.ts backup <file>')
  if (config.storage.driver !== 'sqlite') {
    throw new KoppelError('usage_invalid', `backup copies SQLite databases; storage.driver is ${config.storage.driver}: use pg_dump (for example pg_dump --format=custom --file=koppel.dump "$DATABASE_URL")`)
  }
  const { path } = config.storage
  if (path === ':memory:') throw new KoppelError('usage_invalid', 'backup: storage.path is :memory:, there is no file to back up')
  const started = Date.now()
  const result = await backupDatabase(path, target)
  process.stdout.write(`backup of ${path} written to ${result.file}: ${result.pages} pages, ${result.bytes} bytes, ${Date.now() - started} ms\n`)
  process.stderr.write('keep secrets.encryption_key with it: the tokens in the copy cannot be read without that key\n')
  return 0
}
