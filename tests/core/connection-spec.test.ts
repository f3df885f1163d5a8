import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { connectionSchema } from '../../config/schema.js'
import loket from '../../connectors/loket/index.js'
import { connectionSpecs, createConnectionSpec } from '../../core/connection-spec.js'
import { defineConnector, type ConnectorDefinition } from '../../core/connector.js'
import { createRegistry } from '../../core/registry.js'
import { createFakeConnector, createFakeSource } from '../fakes/fake-connector.js'

const fake = createFakeConnector(createFakeSource())
const withHttp = (http: ConnectorDefinition['http']): ConnectorDefinition => defineConnector({ ...fake, id: 'hooked', settings: z.looseObject({}), http })

describe('createConnectionSpec', () => {
  it('maps the YAML connection to camelCase, filling in what the YAML left out', () => {
    const yaml = connectionSchema.parse({
      id: 'acme', connector: 'fake', employers: ['er-1', 42], schedule: '0 * * * *', full_sync_schedule: '30 2 * * *',
      initial_sync: 'emit', delete_guard: { max_ratio: 0.5, min_count: 3 },
    })
    expect(createConnectionSpec(yaml, fake)).toEqual({
      id: 'acme', connector: 'fake', enabled: true, schedule: '0 * * * *', fullSyncSchedule: '30 2 * * *', timezone: 'Europe/Amsterdam',
      employers: ['er-1', '42'], initialSync: 'emit', deleteGuard: { maxRatio: 0.5, minCount: 3 }, settings: {},
      http: { timeoutMs: 30_000, concurrency: 4 },
    })
    const manual = createConnectionSpec(connectionSchema.parse({ id: 'manual', connector: 'fake', employers: ['er-1'] }), fake)
    expect([manual.schedule, manual.fullSyncSchedule, manual.initialSync, manual.deleteGuard]).toEqual([null, null, 'baseline', { maxRatio: 0.2, minCount: 10 }])
  })

  it('is frozen all the way down, settings included', () => {
    const spec = createConnectionSpec(connectionSchema.parse({ id: 'acme', connector: 'hooked', employers: ['er-1'], settings: { nested: { depth: 1 } } }), withHttp(undefined))
    const loose = spec as unknown as { enabled: boolean; deleteGuard: { maxRatio: number }; employers: string[]; settings: { nested: { depth: number } } }
    expect(() => { loose.enabled = false }).toThrow(TypeError)
    expect(() => { loose.deleteGuard.maxRatio = 1 }).toThrow(TypeError)
    expect(() => loose.employers.push('er-2')).toThrow(TypeError)
    expect(() => { loose.settings.nested.depth = 2 }).toThrow(TypeError)
    expect(spec.deleteGuard.maxRatio).toBe(0.2)
  })

  it("takes the connection's HTTP settings from the connector's http hook", () => {
    const yaml = connectionSchema.parse({ id: 'acme', connector: 'hooked', employers: ['er-1'], settings: { parallel: 7 } })
    const parallel = withHttp((settings) => ({ concurrency: (settings as { parallel: number }).parallel, timeoutMs: 1500 }))
    expect(createConnectionSpec(yaml, parallel).http).toEqual({ concurrency: 7, timeoutMs: 1500 })
    expect(createConnectionSpec(yaml, withHttp(() => ({}))).http).toEqual({ concurrency: 4, timeoutMs: 30_000 })
    expect(createConnectionSpec(yaml, withHttp(() => ({ concurrency: 'connector' }))).http).toEqual({ concurrency: null, timeoutMs: 30_000 })
  })

  it("leaves a Loket connection's limit to the connector and reads its timeout", () => {
    const settings = loket.settings.parse({ client_id: 'abc', concurrency: 6, timeout: '2500ms' })
    const spec = createConnectionSpec(connectionSchema.parse({ id: 'acme-loket', connector: 'loket', employers: ['1'], settings }), loket as ConnectorDefinition)
    expect(spec.http).toEqual({ concurrency: null, timeoutMs: 2500 })
    const defaults = createConnectionSpec(connectionSchema.parse({ id: 'b', connector: 'loket', employers: ['1'], settings: loket.settings.parse({ client_id: 'abc', timeout: '2m' }) }), loket as ConnectorDefinition)
    expect(defaults.http.timeoutMs).toBe(120_000)
  })

  it('refuses a connection whose connector is not registered', () => {
    const config = { connections: [connectionSchema.parse({ id: 'acme', connector: 'nope', employers: ['er-1'] })] }
    expect(() => connectionSpecs(config, createRegistry([fake]))).toThrow(expect.objectContaining({ code: 'config_invalid' }))
  })
})
