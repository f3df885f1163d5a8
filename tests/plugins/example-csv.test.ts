import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import type { FetchContext, Logger } from '../../core/connector.js'
import { entitySchemas, type Employee } from '../../core/model/index.js'
import { exampleCsvConnector, exampleCsvPageSize, type ExampleCsvPage } from '../../plugins/example-csv/connector.js'
import plugin from '../../plugins/example-csv/index.js'
import type { ExampleCsvSettings } from '../../plugins/example-csv/settings.js'

const connector = exampleCsvConnector
const fixtureCsv = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/csv/employees.csv')
const tempDir = mkdtempSync(path.join(tmpdir(), 'koppel-example-csv-'))
afterAll(() => rmSync(tempDir, { recursive: true, force: true }))

const silentLog: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLog }

function context(settings: unknown, employerId: string, signal = new AbortController().signal): FetchContext<ExampleCsvSettings> {
  const noNetwork = async (): Promise<never> => {
    throw new Error('no network')
  }
  return {
    connectionId: 'hr-export',
    settings: connector.settings.parse(settings),
    http: { getJson: noNetwork, request: noNetwork },
    log: silentLog,
    signal,
    employer: { ref: employerId, id: employerId },
    mode: 'full',
    cursor: null,
  }
}

async function collect(ctx: FetchContext<ExampleCsvSettings>): Promise<ExampleCsvPage[]> {
  const pages: ExampleCsvPage[] = []
  for await (const page of connector.fetch(ctx)) pages.push(page)
  return pages
}

function employees(pages: ExampleCsvPage[], ctx: FetchContext<ExampleCsvSettings>): Employee[] {
  return pages.flatMap((page) => connector.normalize(page, ctx)).map((output) => {
    expect(output.entity).toBe('employee')
    return output.record as Employee
  })
}

describe('example-csv plugin', () => {
  it('is a plugin named example-csv with one beta file connector', () => {
    expect(plugin.name).toBe('example-csv')
    expect(plugin.connectors).toEqual([connector])
    expect(connector).toMatchObject({ id: 'example-csv', status: 'beta', auth: { kind: 'file' } })
    expect(connector.settings.parse({ path: 'x.csv' })).toEqual({ path: 'x.csv', delimiter: ',' })
  })

  it('fetches only the employer being synced and normalizes quoted fields', async () => {
    const ctx = context({ path: fixtureCsv }, 'acme')
    const pages = await collect(ctx)
    expect(pages).toHaveLength(1)
    expect(pages[0]?.items.map((row) => row.id)).toEqual(['e-1', 'e-2', 'e-3'])

    const [piet, anna, multi] = employees(pages, ctx)
    expect(piet).toEqual({
      id: 'e-1', employerId: 'acme', employeeNumber: '1001', bsn: '111222333',
      name: { initials: 'P.', firstName: 'Piet', prefix: 'de', lastName: 'Vries', partnerPrefix: null, partnerLastName: null, nameUsage: null, formatted: 'Piet de Vries' },
      dateOfBirth: '1980-02-29', dateOfDeath: null, gender: 'male', nationality: null, civilStatus: null,
      address: { street: 'Kerkstraat, achterhuis', houseNumber: '12', houseNumberAddition: null, postalCode: '1234 AB', city: 'Amsterdam', countryCode: 'NL' },
      contact: { email: 'piet@example.nl', phone: null, mobile: null },
    })
    expect(anna).toMatchObject({ bsn: '012345672', gender: 'female', name: { lastName: 'De "Boer"', prefix: null }, contact: { email: null } })
    expect(anna?.address).toMatchObject({ postalCode: '1000', countryCode: 'BE' })
    expect(multi).toMatchObject({ name: { lastName: 'Multi\nline', formatted: 'Multi\nline' }, gender: 'other', bsn: null, address: null })
    for (const record of [piet, anna, multi]) expect(entitySchemas.employee.safeParse(record).success).toBe(true)

    const other = employees(await collect(context({ path: fixtureCsv }, 'globex')), context({ path: fixtureCsv }, 'globex'))
    expect(other.map((record) => [record.id, record.employerId, record.address?.postalCode])).toEqual([['x-1', 'globex', '9999 ZZ']])
  })

  it('streams a large file in pages of 500 with another delimiter', async () => {
    const file = path.join(tempDir, 'large.csv')
    const lines = ['id;employer_id;last_name']
    for (let i = 0; i < 1201; i++) lines.push(`e-${i};acme;"Achternaam; ${i}"`, `o-${i};other;Ander`)
    writeFileSync(file, `${lines.join('\n')}\n`)
    const ctx = context({ path: file, delimiter: ';' }, 'acme')
    const pages = await collect(ctx)
    expect(pages.map((page) => page.items.length)).toEqual([exampleCsvPageSize, exampleCsvPageSize, 201])
    const records = employees(pages, ctx)
    expect(records[1200]).toMatchObject({ id: 'e-1200', name: { lastName: 'Achternaam; 1200' }, gender: 'unknown' })
  })

  it('fails with upstream_not_found when the file is missing', async () => {
    await expect(collect(context({ path: path.join(tempDir, 'missing.csv') }, 'acme'))).rejects.toMatchObject({ code: 'upstream_not_found' })
  })

  it('fails on a row with the wrong field count, naming the line but not its content', async () => {
    const file = path.join(tempDir, 'ragged.csv')
    writeFileSync(file, 'id,employer_id,bsn\ne-1,acme,111222333\ne-2,acme,111222333,extra\n')
    const error = await collect(context({ path: file }, 'acme')).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'upstream_bad_response', message: 'csv line 3 has 4 fields, the header has 3' })
  })

  it('fails on a header without employer_id and on an unclosed quote', async () => {
    const noEmployer = path.join(tempDir, 'no-employer.csv')
    writeFileSync(noEmployer, 'id,name\n1,x\n')
    await expect(collect(context({ path: noEmployer }, 'acme'))).rejects.toThrow('csv header lacks column(s) employer_id')
    const unclosed = path.join(tempDir, 'unclosed.csv')
    writeFileSync(unclosed, 'id,employer_id\n"e-1,acme\n')
    await expect(collect(context({ path: unclosed }, 'acme'))).rejects.toThrow('quoted field starting on line 2 is never closed')
  })

  it('stops when the run is aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(collect(context({ path: fixtureCsv }, 'acme', controller.signal))).rejects.toThrow()
  })
})
