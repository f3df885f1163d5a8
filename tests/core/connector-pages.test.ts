import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineConnector, unknownPageType, type CanonicalRecord, type ConnectorDefinition, type FetchContext, type Logger, type RawPage } from 'koppel/sdk'
import { createRegistry } from '../../core/registry.js'

// The `@ts-expect-error` lines are checked by `npx tsc --noEmit`: each fails to compile when
// the page typing stops catching the mistake it names.

interface AcmePerson { personId: string; last: string }
interface AcmeCompany { companyId: string; title: string }
type AcmePage = RawPage<'people', AcmePerson> | RawPage<'companies', AcmeCompany> | RawPage<'cursor', never>

const employer = { ref: 'acme', id: 'er-1' }

function toEmployee(person: AcmePerson, employerId: string): CanonicalRecord {
  return {
    entity: 'employee',
    record: {
      id: person.personId, employerId, employeeNumber: null, bsn: null,
      name: { initials: null, firstName: null, prefix: null, lastName: person.last, partnerPrefix: null, partnerLastName: null, nameUsage: null, formatted: null },
      dateOfBirth: null, dateOfDeath: null, gender: 'unknown', nationality: null, civilStatus: null, address: null, contact: { email: null, phone: null, mobile: null },
    },
  }
}

const acme = defineConnector<{ base: string }, AcmePage>({
  id: 'acme-hr', displayName: 'Acme HR', status: 'beta', apiVersion: 1,
  settings: z.strictObject({ base: z.string() }),
  auth: { kind: 'none' },
  async *fetch() {
    yield { type: 'companies', items: [{ companyId: 'er-1', title: 'Acme B.V.' }] }
    yield { type: 'people', items: [{ personId: 'p-1', last: 'Jansen' }] }
    yield { type: 'cursor', items: [], cursor: 'c-1' }
  },
  // No casts: `page.items` is narrowed by `page.type`.
  normalize(page, ctx) {
    switch (page.type) {
      case 'people':
        return page.items.map((person) => toEmployee(person, ctx.employer.id))
      case 'companies':
        return page.items.map((company) => ({
          entity: 'employer', record: { id: company.companyId, employerId: ctx.employer.id, number: null, name: company.title, chamberOfCommerceNumber: null, payrollTaxNumber: null },
        }))
      case 'cursor':
        return []
      default:
        return unknownPageType('acme-hr', page)
    }
  },
})

const silentLog: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLog }
const fetchContext: FetchContext<{ base: string }> = {
  connectionId: 'acme', settings: { base: 'x' }, http: { getJson: () => Promise.reject(new Error('no network')), request: () => Promise.reject(new Error('no network')) },
  log: silentLog, signal: new AbortController().signal, employer, mode: 'full', cursor: null,
}

describe('typed raw pages', () => {
  it('hands normalize the pages fetch yields, typed by their union', async () => {
    const records: CanonicalRecord[] = []
    for await (const page of acme.fetch(fetchContext)) records.push(...acme.normalize(page, { settings: fetchContext.settings, employer }))
    expect(records.map((output) => [output.entity, output.record.id])).toEqual([['employer', 'er-1'], ['employee', 'p-1']])
  })

  it('is held erased by the engine, where a page of another type fails with internal_error', () => {
    const registry = createRegistry([acme])
    const erased: ConnectorDefinition | undefined = registry.get('acme-hr')
    expect(erased).toBe(acme)
    expect(() => erased?.normalize({ type: 'payslips', items: [{}] }, { settings: {}, employer }))
      .toThrow(expect.objectContaining({ code: 'internal_error', message: 'acme-hr normalize: unknown raw page type "payslips"' }))
  })

  it('rejects at compile time what the union does not declare', () => {
    async function* wrongPages(): AsyncGenerator<AcmePage> {
      // @ts-expect-error: a page type the union does not declare
      yield { type: 'payslips', items: [] }
      // @ts-expect-error: items of another page type
      yield { type: 'people', items: [{ companyId: 'er-1', title: 'Acme B.V.' }] }
    }
    defineConnector<{ base: string }, AcmePage>({ ...acme, fetch: wrongPages })
    defineConnector<{ base: string }, AcmePage>({
      ...acme,
      normalize(page) {
        switch (page.type) {
          case 'people':
            return page.items.map((person) => toEmployee(person, 'er-1'))
          case 'cursor':
            return []
          default:
            // @ts-expect-error: the 'companies' case is missing, so `page` is not `never`
            return unknownPageType('acme-hr', page)
        }
      },
    })
    expect(true).toBe(true)
  })
})
