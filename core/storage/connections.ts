import type { ConnectionRow, ConnectionStatus } from './database.js'
import type { Db } from './open-database.js'

/** Makes sure every configured connection has its state row (new ones need authorization). */
export async function ensureConnections(db: Db, connections: ReadonlyArray<{ id: string; connector: string; initialStatus: ConnectionStatus }>): Promise<void> {
  const now = new Date().toISOString()
  for (const connection of connections) {
    await db
      .insertInto('connections')
      .values({ id: connection.id, connector: connection.connector, status: connection.initialStatus, credentials: null, token_expires_at: null, created_at: now, updated_at: now })
      .onConflict((oc) => oc.column('id').doUpdateSet({ connector: connection.connector }))
      .execute()
  }
}

export async function getConnectionRow(db: Db, id: string): Promise<ConnectionRow | undefined> {
  return db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function setConnectionStatus(db: Db, id: string, status: ConnectionStatus): Promise<void> {
  await db.updateTable('connections').set({ status, updated_at: new Date().toISOString() }).where('id', '=', id).execute()
}
