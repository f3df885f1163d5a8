import { describe, expect, it } from 'vitest'
import { entitySchemas, pluginApiVersion, type CanonicalRecord, type ConnectorDefinition, type EmployerRef, type FetchContext, type Logger, type RawPage } from './index.js'

/** One raw page to normalize, with what the result must look like. `P`: the connector's page union. */
export interface ConnectorFixture<P extends RawPage = RawPage> {
  /** Names the test: `normalize: <name>`. */
  name: string
  page: P
  /** Default `{ ref: 'employer-1', id: 'employer-1' }`. */
  employer?: EmployerRef
  /** Parsed settings for `normalize`; default: `validSettings` parsed by the connector's schema. */
  settings?: unknown
  /** Extra assertions on the records (after the suite has checked purity and validity). */
  expect?: (records: CanonicalRecord[]) => void
}

export interface TestConnectorOptions<P extends RawPage = RawPage> {
  /** Raw pages (usually JSON under `tests/fixtures/<id>/`) run through `normalize`. */
  fixtures?: ConnectorFixture<P>[]
  /**
   * A settings block the schema must accept (as written in YAML: snake_case). Needed for the
   * settings, oauth2 endpoints and stub fetch checks; without it they are skipped.
   */
  validSettings?: unknown
  /** Test names to leave out, e.g. `['settings are strict']`, with a reason in the caller. */
  skip?: string[]
}

const kebabCase = /^[a-z0-9]+(-[a-z0-9]+)*$/
const authKinds = ['oauth2-authorization-code', 'api-key', 'client-credentials', 'file', 'none']
const defaultEmployer: EmployerRef = { ref: 'employer-1', id: 'employer-1' }

/**
 * The conformance suite every connector runs (STYLE.md §19): identity, a strict settings
 * schema, auth, stub behaviour, and for every fixture that `normalize` is pure (same input,
 * same output; the input is deep-frozen so any mutation throws) and returns records that
 * validate against the canonical schemas with an `id` and an `employerId`.
 *
 * @example
 * testConnector(loket, {
 *   validSettings: { client_id: 'id', client_secret: 'secret' },
 *   // typed as the connector's pages (here `LoketPage`): a fixture of an unknown type fails to compile
 *   fixtures: [{ name: 'employees', page: employeesPage, expect: (records) => expect(records).toHaveLength(2) }],
 * })
 */
export function testConnector<S, P extends RawPage>(connector: ConnectorDefinition<S, P>, options: TestConnectorOptions<NoInfer<P>> = {}): void {
  // Checked as the engine holds it: erased, so the suite can hand in pages the connector does not declare.
  const definition: ConnectorDefinition = connector
  const { fixtures = [], validSettings, skip = [] } = options
  const test = (name: string, body: () => void | Promise<void>) => (skip.includes(name) ? it.skip(name, body) : it(name, body))
  const parsedSettings = (): unknown => definition.settings.parse(validSettings)

  describe(`connector conformance: ${definition.id}`, () => {
    test('has a kebab-case id, a display name, a status and a supported apiVersion', () => {
      expect(definition.id).toMatch(kebabCase)
      expect(definition.displayName.trim()).not.toBe('')
      expect(['stable', 'beta', 'stub']).toContain(definition.status)
      expect(Number.isInteger(definition.apiVersion)).toBe(true)
      expect(definition.apiVersion).toBeGreaterThanOrEqual(1)
      expect(definition.apiVersion).toBeLessThanOrEqual(pluginApiVersion)
      expect(Object.isFrozen(definition)).toBe(true)
    })

    test('settings are a zod schema that accepts the valid settings', () => {
      expect(typeof definition.settings.safeParse).toBe('function')
      if (validSettings === undefined) return
      const result = definition.settings.safeParse(validSettings)
      expect(result.error?.issues ?? []).toEqual([])
    })

    test('settings are strict', () => {
      const result = definition.settings.safeParse({ ...(validSettings as object), koppel_unknown_key: true })
      expect(result.success).toBe(false)
      expect(result.error?.issues.some((issue) => issue.code === 'unrecognized_keys')).toBe(true)
    })

    test('declares a valid auth kind', () => {
      expect(authKinds).toContain(definition.auth.kind)
      if (definition.auth.kind !== 'oauth2-authorization-code' || validSettings === undefined) return
      const endpoints = definition.auth.endpoints(parsedSettings())
      expect(new URL(endpoints.authorizeUrl).protocol).toMatch(/^https?:$/)
      expect(new URL(endpoints.tokenUrl).protocol).toMatch(/^https?:$/)
      expect(endpoints.clientId).not.toBe('')
    })

    if (definition.status === 'stub') {
      test('a stub fails to fetch with not_implemented', async () => {
        const iterator = definition.fetch(fetchContext(validSettings === undefined ? {} : parsedSettings()))
        await expect(firstPage(iterator)).rejects.toMatchObject({
          code: 'not_implemented',
          message: expect.stringContaining(`"${definition.id}"`),
        })
      })
    }

    test('normalize of an empty page returns []', () => {
      const page = { type: fixtures[0]?.page.type ?? 'empty', items: [] }
      const settings = fixtures[0]?.settings ?? (validSettings === undefined ? {} : parsedSettings())
      expect(definition.normalize(deepFreeze(page), { settings, employer: defaultEmployer })).toEqual([])
    })

    for (const fixture of fixtures) {
      test(`normalize: ${fixture.name}`, () => {
        const ctx = {
          settings: fixture.settings ?? (validSettings === undefined ? {} : parsedSettings()),
          employer: fixture.employer ?? defaultEmployer,
        }
        const page = deepFreeze(structuredClone(fixture.page))
        const first = definition.normalize(page, ctx)
        const second = definition.normalize(page, ctx)
        expect(second).toEqual(first)
        expect(page).toEqual(fixture.page)
        for (const [index, output] of first.entries()) {
          expect(Object.keys(entitySchemas), `record ${index}`).toContain(output.entity)
          const result = entitySchemas[output.entity].safeParse(output.record)
          expect(result.error?.issues ?? [], `record ${index} (${output.entity}) is invalid`).toEqual([])
          expect(output.record.id, `record ${index} id`).toEqual(expect.any(String))
          expect(output.record.employerId, `record ${index} employerId`).toEqual(expect.any(String))
        }
        fixture.expect?.(first)
      })
    }
  })
}

async function firstPage(pages: AsyncIterable<RawPage>): Promise<RawPage | undefined> {
  for await (const page of pages) return page
  return undefined
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}

const silentLog: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLog }

/** A context for fetch whose HTTP client refuses to reach any network. */
function fetchContext(settings: unknown): FetchContext {
  const noNetwork = async (): Promise<never> => {
    throw new Error('the conformance suite allows no network access')
  }
  return {
    connectionId: 'conformance',
    settings,
    http: { getJson: noNetwork, request: noNetwork },
    log: silentLog,
    signal: new AbortController().signal,
    employer: defaultEmployer,
    mode: 'full',
    cursor: null,
  }
}
