import { pino } from 'pino'
import { connectionSchema } from '../../../config/schema.js'
import { createConnectionSpec, type ConnectionSpec } from '../../../core/connection-spec.js'
import type { HttpClient, SyncMode } from '../../../core/connector.js'
import { KoppelError } from '../../../core/errors.js'
import type { MutationData } from '../../../core/model/index.js'
import { createRegistry } from '../../../core/registry.js'
import { ensureConnections } from '../../../core/storage/connections.js'
import { type Db } from '../../../core/storage/open-database.js'
import { SyncRunner } from '../../../core/sync/sync-runner.js'
import { createFakeConnector, createFakeSource, type FakeConnectorOptions, type FakeSource } from '../../fakes/fake-connector.js'
import { createRecordingOutbox } from '../../fakes/recording-outbox.js'
import { openTestDatabase } from '../../helpers/test-database.js'

const noHttp: HttpClient = {
  getJson: () => Promise.reject(new KoppelError('internal_error', 'no http in this test')),
  request: () => Promise.reject(new KoppelError('internal_error', 'no http in this test')),
}

export interface SyncHarness {
  db: Db
  source: FakeSource
  runner: SyncRunner
  outbox: ReturnType<typeof createRecordingOutbox>
  connection: ConnectionSpec
  sync(options?: { force?: boolean; mode?: SyncMode }): ReturnType<typeof syncOnce>
  mutations(): Promise<MutationData[]>
  snapshot(): Promise<Map<string, unknown>>
}

async function syncOnce(runner: SyncRunner, id: string, force = false, mode?: SyncMode) {
  const { done } = await runner.trigger(id, { trigger: 'api', force, ...(mode ? { mode } : {}) })
  return done
}

/** A fake connection on a fresh in-memory database, with helpers to sync and inspect. */
export async function createSyncHarness(overrides: Partial<Record<string, unknown>> = {}, connectorOptions: FakeConnectorOptions = {}): Promise<SyncHarness> {
  const db = await openTestDatabase()
  const source = createFakeSource(10)
  const connector = createFakeConnector(source, 'fake', connectorOptions)
  const connection = createConnectionSpec(connectionSchema.parse({ id: 'acme', connector: 'fake', employers: ['er-1'], ...overrides }), connector)
  const outbox = createRecordingOutbox()
  await ensureConnections(db, [{ id: connection.id, connector: 'fake', initialStatus: 'ready' }])
  const runner = new SyncRunner({
    db, outbox, registry: createRegistry([connector]), connections: [connection],
    log: pino({ level: 'silent' }), httpFor: () => noHttp,
  })
  return {
    db, source, runner, outbox, connection,
    sync: (options = {}) => syncOnce(runner, connection.id, options.force, options.mode),
    async mutations() {
      const rows = await db.selectFrom('mutations').selectAll().orderBy('sequence').execute()
      return rows.map((row) => ({
        id: row.id, sequence: row.sequence, connection: row.connection_id, connector: row.connector, employerId: row.employer_id,
        entity: row.entity as MutationData['entity'], recordId: row.record_id, operation: row.operation, runId: row.run_id,
        changes: JSON.parse(row.changes), record: row.record === null ? null : JSON.parse(row.record), previous: row.previous === null ? null : JSON.parse(row.previous),
      }))
    },
    async snapshot() {
      const rows = await db.selectFrom('records').select(['entity', 'id', 'data']).where('connection_id', '=', connection.id).execute()
      return new Map(rows.map((row) => [`${row.entity}:${row.id}`, JSON.parse(row.data)]))
    },
  }
}
