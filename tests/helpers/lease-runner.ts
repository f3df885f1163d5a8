import { pino } from 'pino'
import { connectionSchema } from '../../config/schema.js'
import { createConnectionSpec } from '../../core/connection-spec.js'
import type { HttpClient } from '../../core/connector.js'
import { KoppelError } from '../../core/errors.js'
import { createRegistry } from '../../core/registry.js'
import { ensureConnections } from '../../core/storage/connections.js'
import type { Db } from '../../core/storage/open-database.js'
import { SyncRunner } from '../../core/sync/sync-runner.js'
import { createFakeConnector, createFakeSource, put, type FakeSource } from '../fakes/fake-connector.js'
import type { Outbox } from '../../core/webhooks/outbox.js'
import { createRecordingOutbox } from '../fakes/recording-outbox.js'
import { sampleEmployee } from '../fakes/sample-records.js'

const noHttp: HttpClient = {
  getJson: () => Promise.reject(new KoppelError('internal_error', 'no http in this test')),
  request: () => Promise.reject(new KoppelError('internal_error', 'no http in this test')),
}

/**
 * A sync runner of connection `acme` (fake connector, `employees` records of employer er-1
 * in pages of one, `delayMs` between pages) on `db`, as one gateway process would have it;
 * `outbox` replaces the recording one (its `enqueue` runs inside each employer's commit).
 */
export async function leaseRunner(db: Db, options: { runLeaseMs: number; delayMs?: number; employees?: number; source?: FakeSource; outbox?: Outbox; employers?: string[] }) {
  const source = options.source ?? createFakeSource(1)
  if (!options.source) for (let n = 0; n < (options.employees ?? 5); n++) put(source, 'employee', sampleEmployee('er-1', n))
  source.delayMs = options.delayMs ?? 0
  const connector = createFakeConnector(source)
  const connection = createConnectionSpec(connectionSchema.parse({ id: 'acme', connector: 'fake', employers: options.employers ?? ['er-1'], initial_sync: 'emit' }), connector)
  await ensureConnections(db, [{ id: 'acme', connector: 'fake', initialStatus: 'ready' }])
  const runner = new SyncRunner({
    db, outbox: options.outbox ?? createRecordingOutbox(), registry: createRegistry([connector]), connections: [connection],
    log: pino({ level: 'silent' }), httpFor: () => noHttp, runLeaseMs: options.runLeaseMs,
  })
  return { runner, source }
}
