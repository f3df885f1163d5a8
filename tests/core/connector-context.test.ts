import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { connectionSchema } from '../../config/schema.js'
import { checkConnection } from '../../core/check-connection.js'
import { createConnectionSpec } from '../../core/connection-spec.js'
import { defineConnector, type HttpClient } from '../../core/connector.js'
import { createRegistry } from '../../core/registry.js'
import { ensureConnections } from '../../core/storage/connections.js'
import { SyncRunner } from '../../core/sync/sync-runner.js'
import { createFakeConnector, createFakeSource, put } from '../fakes/fake-connector.js'
import { createRecordingOutbox } from '../fakes/recording-outbox.js'
import { sampleEmployee } from '../fakes/sample-records.js'
import { openTestDatabase } from '../helpers/test-database.js'

describe('the connector ctx', () => {
  it('is built the same way for resolveEmployers, fetch, normalize and check, frozen, from the connection spec', async () => {
    const source = createFakeSource(5)
    put(source, 'employee', sampleEmployee('er-1', 1))
    const fake = createFakeConnector(source)
    const seen: Record<string, object[]> = { resolve: [], fetch: [], normalize: [], check: [] }
    const connector = defineConnector({
      ...fake,
      settings: z.looseObject({ region: z.string() }),
      async resolveEmployers(ctx, refs) {
        seen.resolve!.push(ctx)
        return refs.map((ref) => ({ ref, ok: true as const, id: ref.toLowerCase() }))
      },
      async check(ctx, refs) {
        seen.check!.push(ctx)
        return { ok: true, credentials: { ok: true }, employers: refs.map((employer) => ({ employer, ok: true, missing: [] })) }
      },
      fetch(ctx) {
        seen.fetch!.push(ctx)
        return fake.fetch(ctx)
      },
      normalize(page, ctx) {
        seen.normalize!.push(ctx)
        return fake.normalize(page, ctx)
      },
    })
    const connection = createConnectionSpec(connectionSchema.parse({ id: 'acme', connector: 'fake', employers: ['ER-1'], settings: { region: 'nl' } }), connector)
    const db = await openTestDatabase()
    await ensureConnections(db, [{ id: 'acme', connector: 'fake', initialStatus: 'ready' }])
    const http: HttpClient = { getJson: async () => ({}), request: async () => ({ status: 200, headers: new Headers(), text: '' }) }
    const log = pino({ level: 'silent' })
    const runner = new SyncRunner({ db, outbox: createRecordingOutbox(), registry: createRegistry([connector]), connections: [connection], log, httpFor: () => http })

    const result = await (await runner.trigger('acme', { trigger: 'api' })).done
    expect(result.status).toBe('succeeded')
    const report = await checkConnection({ registry: createRegistry([connector]), connection: (id) => runner.connection(id), httpFor: () => http, log }, 'acme')
    expect(report.employers.map((finding) => finding.employer)).toEqual(['ER-1'])

    const [resolve] = seen.resolve!
    const [fetch] = seen.fetch!
    const [normalize] = seen.normalize!
    const [check] = seen.check!
    expect(resolve).toMatchObject({ connectionId: 'acme', settings: { region: 'nl' }, http })
    // A run's contexts name the run (`ctx.runId`, as `afterRun` sees it); check's belongs to no run.
    expect(Object.keys(resolve!).sort()).toEqual(['connectionId', 'http', 'log', 'runId', 'settings', 'signal', 'upstreamNotice'])
    expect(fetch).toMatchObject({ connectionId: 'acme', http, employer: { ref: 'ER-1', id: 'er-1' }, mode: 'full', cursor: null, runId: result.runId })
    expect((resolve as { runId?: string }).runId).toBe(result.runId)
    expect(typeof (fetch as { vanished?: unknown }).vanished).toBe('function')
    expect(typeof (fetch as { invalid?: unknown }).invalid).toBe('function')
    expect(Object.keys(normalize!).sort()).toEqual(['employer', 'settings'])
    expect(Object.keys(check!).sort()).toEqual(['connectionId', 'http', 'log', 'settings', 'signal', 'upstreamNotice'])
    for (const ctx of [resolve, fetch, normalize, check]) {
      expect(Object.isFrozen(ctx)).toBe(true)
      expect((ctx as { settings: unknown }).settings).toBe(connection.settings)
      expect(Object.isFrozen((ctx as { settings: object }).settings)).toBe(true)
    }
    await db.destroy()
  })
})
