import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineConnector, pluginApiVersion, type ConnectorDefinition } from '../../core/connector.js'
import { connectorDefinitionProblems, createRegistry } from '../../core/registry.js'

function connector(overrides: Partial<Record<keyof ConnectorDefinition, unknown>> = {}): ConnectorDefinition {
  return {
    ...defineConnector({
      id: 'acme-hr',
      displayName: 'Acme HR',
      status: 'beta',
      apiVersion: pluginApiVersion,
      settings: z.strictObject({}),
      auth: { kind: 'api-key' },
      async *fetch() {},
      normalize: () => [],
    }),
    ...overrides,
  } as ConnectorDefinition
}

describe('createRegistry', () => {
  it('lists definitions in the order given and finds them by id', () => {
    const a = connector({ id: 'a-one' })
    const b = connector({ id: 'b-two' })
    const registry = createRegistry([a, b])
    expect(registry.list().map((def) => def.id)).toEqual(['a-one', 'b-two'])
    expect(registry.get('b-two')).toBe(b)
    expect(registry.get('missing')).toBeUndefined()
    expect(registry.sourceOf('a-one')).toBeUndefined()
  })

  it('remembers which plugin added a connector', () => {
    const registry = createRegistry()
    registry.add(connector(), './plugins/acme')
    expect(registry.sourceOf('acme-hr')).toBe('./plugins/acme')
  })

  it('rejects a duplicate id, naming the plugin and the first owner', () => {
    const registry = createRegistry([connector()])
    expect(() => registry.add(connector(), './plugins/acme')).toThrowError(
      expect.objectContaining({
        code: 'plugin_invalid',
        message: 'duplicate connector id "acme-hr" (from plugin ./plugins/acme): already registered by a built-in connector',
      }),
    )
    expect(() => createRegistry([connector(), connector()])).toThrow(/duplicate connector id "acme-hr"/)
  })

  it('rejects an invalid definition with every problem named', () => {
    const registry = createRegistry()
    const bad = connector({ id: 'Acme_HR', status: 'alpha', apiVersion: pluginApiVersion + 1, fetch: 'nope' })
    let caught: unknown
    try {
      registry.add(bad, 'acme-package')
    } catch (error) {
      caught = error
    }
    expect(caught).toMatchObject({ code: 'plugin_invalid' })
    const message = (caught as Error).message
    expect(message).toMatch(/^invalid connector "Acme_HR" \(from plugin acme-package\): /)
    expect(message).toContain('must be kebab-case')
    expect(message).toContain('status must be one of stable, beta, stub')
    expect(message).toContain(`apiVersion ${pluginApiVersion + 1} is newer than this gateway's plugin API (${pluginApiVersion})`)
    expect(message).toContain('fetch must be a function')
    expect(registry.list()).toEqual([])
  })
})

describe('connectorDefinitionProblems', () => {
  it('accepts a well-formed definition', () => {
    expect(connectorDefinitionProblems(connector())).toEqual([])
  })

  it.each([
    ['not an object', null, 'is not an object made with defineConnector'],
    ['an empty display name', connector({ displayName: ' ' }), 'displayName must be a non-empty string'],
    ['a non-zod settings', connector({ settings: { type: 'object' } }), 'settings must be a zod schema'],
    ['an unknown auth kind', connector({ auth: { kind: 'saml' } }), 'auth.kind must be one of'],
    ['oauth2 without endpoints', connector({ auth: { kind: 'oauth2-authorization-code' } }), 'auth.endpoints(settings) is required'],
    ['a fractional apiVersion', connector({ apiVersion: 0.5 }), 'apiVersion must be a positive integer'],
    ['a normalize that is not a function', connector({ normalize: [] }), 'normalize must be a function'],
    ['a check that is not a function', connector({ check: true }), 'check must be a function when given'],
  ])('names %s', (_label, value, expected) => {
    expect(connectorDefinitionProblems(value).join('; ')).toContain(expected)
  })
})
