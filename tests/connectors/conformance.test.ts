import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { builtinConnectors } from '../../connectors/index.js'
import type { RawPage } from '../../core/connector.js'
import exampleCsv from '../../plugins/example-csv/index.js'
import { testConnector } from 'koppel/sdk/testing'

/** A settings block each built-in must accept, as a sysadmin would write it in the YAML. */
const validSettings: Record<string, unknown> = {
  loket: { client_id: 'loket-client', client_secret: 'loket-secret' },
  'loket-sgap': { wsdl_url: 'https://sgap.example.nl/service?wsdl', username: 'ws-user', password: 'ws-pass' },
  afas: { environment_number: '12345', token: '<token><version>1</version><data>abc</data></token>', get_connector: 'Koppel_Employees' },
  nmbrs: { client_id: 'nmbrs-client', client_secret: 'nmbrs-secret', subscription_key: 'sub-key' },
  'exact-online': { client_id: 'exact-client', client_secret: 'exact-secret', division: '123456' },
  'exact-globe': { directory: '/data/exact/drop' },
  'adp-upa': { path: '/data/adp/upa' },
  cobra: { api_base_url: 'https://cobra.example.sdworx.com/api', client_id: 'cobra-client', client_secret: 'cobra-secret' },
  raet: { client_id: 'raet-client', client_secret: 'raet-secret', tenant_id: 'tenant-1' },
  'raet-csv': { directory: '/data/raet/drop', delimiter: ';' },
  unit4: {
    api_base_url: 'https://unit4.example.com/webapi',
    company_id: 'EN',
    credentials: { type: 'client_credentials', client_id: 'u4', client_secret: 'u4-secret', token_url: 'https://auth.unit4.example.com/token' },
  },
  'unit4-csv': { directory: '/data/unit4/drop', mapping: { employee: { columns: { Familienaam: 'name.lastName' } } } },
  generic: { directory: '/data/generic/drop', format: 'jsonl', on_invalid_row: 'reject_file', complete: false },
}

it('lists the 13 built-in connectors, loket first; loket and the four file connectors are built', () => {
  expect(builtinConnectors.map((connector) => connector.id)).toEqual([
    'loket', 'loket-sgap', 'afas', 'nmbrs', 'exact-online', 'exact-globe', 'adp-upa',
    'cobra', 'raet', 'raet-csv', 'unit4', 'unit4-csv', 'generic',
  ])
  expect(builtinConnectors.filter((connector) => connector.status !== 'stub').map((connector) => connector.id)).toEqual(['loket', 'exact-globe', 'raet-csv', 'unit4-csv', 'generic'])
  expect(Object.keys(validSettings).sort()).toEqual(builtinConnectors.map((connector) => connector.id).sort())
})

// loket runs the same suite with its raw fixtures in tests/connectors/loket/normalize.test.ts
// (its normalize rejects page types it does not know, so it needs real ones); the file
// connectors run it in tests/connectors/files/conformance.test.ts with their fixture files.
const fileConnectors = new Set(['generic', 'raet-csv', 'unit4-csv', 'exact-globe'])
for (const connector of builtinConnectors.filter((candidate) => candidate.id !== 'loket' && !fileConnectors.has(candidate.id))) {
  testConnector(connector, { validSettings: validSettings[connector.id] })
}

const employeesPage = JSON.parse(readFileSync(new URL('../fixtures/csv/employees-page.json', import.meta.url), 'utf8')) as RawPage

testConnector(exampleCsv.connectors[0]!, {
  validSettings: { path: '/data/employees.csv' },
  fixtures: [
    {
      name: 'employees page',
      page: employeesPage,
      employer: { ref: 'acme', id: 'acme' },
      expect: (records) => {
        expect(records.map((record) => record.entity)).toEqual(['employee', 'employee', 'employee'])
        expect(records[0]?.record).toMatchObject({ id: 'e-1', bsn: '111222333', address: { postalCode: '1234 AB' } })
        expect(records[1]?.record).toMatchObject({ bsn: '012345672', gender: 'female', address: { postalCode: '1000', countryCode: 'BE' } })
        expect(records[2]?.record).toMatchObject({ gender: 'unknown', address: null, dateOfBirth: null })
      },
    },
  ],
})

it('gives oauth2 stubs their real authorize and token URLs', () => {
  const endpointsOf = (id: string) => {
    const connector = builtinConnectors.find((candidate) => candidate.id === id)
    if (connector?.auth.kind !== 'oauth2-authorization-code') throw new Error(`${id} is not oauth2`)
    return connector.auth.endpoints(connector.settings.parse(validSettings[id]))
  }
  expect(endpointsOf('nmbrs')).toMatchObject({
    authorizeUrl: 'https://identityservice.nmbrs.com/connect/authorize',
    tokenUrl: 'https://identityservice.nmbrs.com/connect/token',
    clientId: 'nmbrs-client',
  })
  expect(endpointsOf('exact-online')).toMatchObject({
    authorizeUrl: 'https://start.exactonline.nl/api/oauth2/auth',
    tokenUrl: 'https://start.exactonline.nl/api/oauth2/token',
    clientId: 'exact-client',
  })
})
