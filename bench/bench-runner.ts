/**
 * One benchmark connection `bench` (employer `er-1`, no outbox, silent log) through the real
 * sync runner, on `db`: `run()` triggers a sync, waits for it and returns its time and result;
 * a run that does not succeed throws.
 */
import { pino } from 'pino'
import { connectionSchema } from '../config/schema.js'
import { createConnectionSpec } from '../core/connection-spec.js'
import type { ConnectorDefinition, HttpClient } from '../core/connector.js'
import { createRegistry } from '../core/registry.js'
import { ensureConnections } from '../core/storage/connections.js'
import type { Db } from '../core/storage/open-database.js'
import { SyncRunner } from '../core/sync/sync-runner.js'

export async function benchRunner(db: Db, connector: ConnectorDefinition, connection: Record<string, unknown> = {}) {
  const spec = createConnectionSpec(connectionSchema.parse({ id: 'bench', connector: connector.id, employers: ['er-1'], ...connection }), connector)
  await ensureConnections(db, [{ id: 'bench', connector: connector.id, initialStatus: 'ready' }])
  const runner = new SyncRunner({
    db, outbox: { enqueue: async () => {} }, registry: createRegistry([connector]), connections: [spec], log: pino({ level: 'silent' }),
    httpFor: () => ({}) as HttpClient,
  })
  return {
    async run() {
      const started = performance.now()
      const { done } = await runner.trigger('bench', { trigger: 'cli' })
      const result = await done
      const ms = performance.now() - started
      if (result.status !== 'succeeded') throw new Error(`run ${result.status}: ${JSON.stringify(result.error)}`)
      return { ms, result }
    },
  }
}
