import { afterEach, describe, expect, it } from 'vitest'
import { matchesSomeEventType } from '../../../config/formats.js'
import {
  entities, entityCreateOrder, entityDeleteOrder, entityRegistry, entitySchemas, eventTypes, isEntity, operationalEventTypes, operations, parentsFirst,
} from '../../../core/model/index.js'
import { createGatewayHarness, type GatewayHarness } from '../http/gateway-harness.js'

let h: GatewayHarness | undefined
afterEach(async () => {
  await h?.gateway.close()
  h = undefined
})

describe('entity registry', () => {
  it('lists every entity once, with its schema, and every parent is an entity', () => {
    expect(entities).toEqual(entityRegistry.map((definition) => definition.name))
    expect(new Set(entities).size).toBe(entities.length)
    for (const definition of entityRegistry) {
      expect(entitySchemas[definition.name]).toBe(definition.schema)
      expect(isEntity(definition.name)).toBe(true)
      if (definition.parent !== null) expect(entities).toContain(definition.parent)
    }
    expect(entityRegistry.filter((definition) => definition.parent === null).map((definition) => definition.name)).toEqual(['employer'])
    expect(isEntity('salary')).toBe(false)
    expect(isEntity('toString')).toBe(false)
  })

  it('applies every entity: parents before children on create, children before parents on delete', () => {
    expect([...entityCreateOrder].sort()).toEqual([...entities].sort())
    expect(entityDeleteOrder).toEqual([...entityCreateOrder].reverse())
    for (const definition of entityRegistry) {
      if (definition.parent === null) continue
      expect(entityCreateOrder.indexOf(definition.parent), `${definition.parent} before ${definition.name}`).toBeLessThan(entityCreateOrder.indexOf(definition.name))
      expect(entityDeleteOrder.indexOf(definition.name), `${definition.name} before ${definition.parent}`).toBeLessThan(entityDeleteOrder.indexOf(definition.parent))
    }
  })

  it('derives the order from the parents, not from the position in the list', () => {
    // DESIGN.md §3's next entities, appended in an order that puts children before parents.
    const grown = [
      { name: 'payroll_result', parent: 'employment' },
      { name: 'wage', parent: 'employment' },
      { name: 'child', parent: 'employee' },
      { name: 'employment', parent: 'employee' },
      { name: 'partner', parent: 'employee' },
      { name: 'employee', parent: 'employer' },
      { name: 'employer', parent: null },
    ]
    const order = parentsFirst(grown)
    expect([...order].sort()).toEqual(grown.map((definition) => definition.name).sort())
    for (const definition of grown) {
      if (definition.parent !== null) expect(order.indexOf(definition.parent), definition.name).toBeLessThan(order.indexOf(definition.name))
    }
    // Ties keep the listed order.
    expect(order.filter((name) => name === 'child' || name === 'partner')).toEqual(['child', 'partner'])
  })

  it('rejects a registry with an unknown parent, a cycle or a duplicate', () => {
    expect(() => parentsFirst([{ name: 'employer', parent: null }, { name: 'partner', parent: 'employe' }]))
      .toThrow(expect.objectContaining({ code: 'internal_error', message: expect.stringContaining('"partner" has parent "employe"') }))
    expect(() => parentsFirst([{ name: 'a', parent: 'b' }, { name: 'b', parent: 'a' }]))
      .toThrow(expect.objectContaining({ code: 'internal_error', message: expect.stringContaining('its own ancestor') }))
    expect(() => parentsFirst([{ name: 'a', parent: null }, { name: 'a', parent: null }]))
      .toThrow(expect.objectContaining({ code: 'internal_error', message: expect.stringContaining('listed twice') }))
  })

  it('has an event type for every operation of every entity, then the operational events', () => {
    expect(eventTypes).toEqual([...entities.flatMap((entity) => operations.map((operation) => `${entity}.${operation}`)), ...operationalEventTypes])
    for (const entity of entities) {
      expect(eventTypes).toEqual(expect.arrayContaining([`${entity}.created`, `${entity}.updated`, `${entity}.deleted`]))
      expect(matchesSomeEventType(`${entity}.*`), `${entity}.*`).toBe(true)
      expect(matchesSomeEventType(`${entity}.deleted`), `${entity}.deleted`).toBe(true)
    }
    expect(matchesSomeEventType('salary.*')).toBe(false)
    expect(matchesSomeEventType('employee.renamed')).toBe(false)
  })

  it('serves every entity on the records and mutations routes, and names them all when one is unknown', async () => {
    h = await createGatewayHarness()
    for (const entity of entities) {
      const records = await h.request(`/api/records/${entity}`)
      expect(records.status, `/api/records/${entity}`).toBe(200)
      expect(await records.json()).toEqual({ items: [], nextCursor: null })
      const feed = await h.request(`/api/mutations?entity=${entity}`)
      expect(feed.status, `/api/mutations?entity=${entity}`).toBe(200)
    }
    const unknown = await h.request('/api/records/salary')
    expect(unknown.status).toBe(404)
    const body = (await unknown.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('not_found')
    for (const entity of entities) expect(body.error.message).toContain(entity)
    expect((await h.request('/api/mutations?entity=salary')).status).toBe(400)
  })
})
