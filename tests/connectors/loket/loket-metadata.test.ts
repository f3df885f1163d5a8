import { describe, expect, it } from 'vitest'
import { toContractType, toGender, toNameUsage, toWagePeriod } from '../../../connectors/loket/loket-metadata.js'
import loket from '../../../connectors/loket/index.js'
import { resolveLoketUrls } from '../../../connectors/loket/settings.js'

describe('loket enumerations', () => {
  it('maps gender by value, Dutch or English, and by key when the value is missing', () => {
    expect([{ key: 1, value: 'male' }, { key: 9, value: 'Man' }, { key: 2, value: 'female' }, { key: 9, value: 'Vrouw' }].map(toGender))
      .toEqual(['male', 'male', 'female', 'female'])
    expect([{ key: 1 }, { key: 2, value: '' }, { key: 3, value: 'Onbekend' }, null, { key: 4, value: 'X' }].map(toGender))
      .toEqual(['male', 'female', 'unknown', 'unknown', 'other'])
    // The key wins over a text that says otherwise; a key we do not know falls back on the text.
    expect([{ key: 2, value: 'Man' }, { key: 7, value: 'Niet gespecificeerd' }].map(toGender)).toEqual(['female', 'unknown'])
  })

  it('maps the four ways of composing a last name', () => {
    // By key first (BRP naamgebruik E, V, P, N), whatever the text says.
    expect([1, 2, 3, 4].map((key) => toNameUsage({ key, value: 'anders' }))).toEqual(['own', 'partner_own', 'partner', 'own_partner'])
    // A key we do not know: the text, English or Dutch.
    expect(['last name', 'last name partner', 'last name partner + last name', 'last name + last name partner'].map((value) => toNameUsage({ key: 99, value })))
      .toEqual(['own', 'partner', 'partner_own', 'own_partner'])
    expect(['Eigen naam', 'Naam partner + eigen naam', 'Eigen naam gevolgd door naam partner', 'Naam partner gevolgd door eigen naam']
      .map((value) => toNameUsage({ key: 99, value }))).toEqual(['own', 'partner_own', 'own_partner', 'partner_own'])
    expect(toNameUsage(null)).toBeNull()
  })

  it('maps contract types, on call first', () => {
    expect(toContractType({ key: 1, value: 'Contract of indefinite duration' }, false)).toBe('permanent')
    expect(toContractType({ key: 2, value: 'Contract of definite duration' }, null)).toBe('fixed_term')
    expect(toContractType({ key: 1, value: 'Contract of indefinite duration' }, true)).toBe('on_call')
    expect(toContractType({ key: 7, value: 'Stage' }, false)).toBe('other')
    expect(toContractType({ key: 7, value: 'Tijdelijk' }, false)).toBe('fixed_term')
    expect(toContractType({ key: 7, value: 'Vast' }, false)).toBe('permanent')
  })

  it('reads a periodic wage\'s period from payrollPeriodType', () => {
    const periodic = { key: 1, value: 'periodic' }
    expect(toWagePeriod({ key: 2, value: 'hourly' }, { key: 1, value: 'Maand' })).toBe('hour')
    expect([{ key: 1, value: 'Maand' }, { key: 3, value: '4 weken' }, { key: 4, value: 'Week' }, { key: 3 }].map((type) => toWagePeriod(periodic, type)))
      .toEqual(['month', 'four_weeks', 'week', 'four_weeks'])
    expect(toWagePeriod({ key: 5, value: 'per year' }, null)).toBe('year')
    expect(toWagePeriod(null, { key: 1, value: 'Maand' })).toBeNull()
  })
})

describe('loket settings', () => {
  it('derives URLs from the environment unless overridden', () => {
    const production = loket.settings.parse({ client_id: 'c' })
    expect(production).toMatchObject({ environment: 'production', fetch_bsn: true, page_size: 250, concurrency: 4 })
    expect(resolveLoketUrls(production))
      .toEqual({ api: 'https://api.loket.nl/v2', oauth: 'https://oauth.loket.nl', filter: 'https://k8s.loket.nl/globalfilter-microservice' })
    expect(resolveLoketUrls(loket.settings.parse({ client_id: 'c', environment: 'acceptance' })))
      .toEqual({ api: 'https://api.loket-acc.nl/v2', oauth: 'https://oauth.loket-acc.nl', filter: 'https://k8s.loket-acc.nl/globalfilter-microservice' })
    // Only api_base_url overridden: the filter settings are read relative to it (DESIGN §5).
    expect(resolveLoketUrls(loket.settings.parse({ client_id: 'c', api_base_url: 'http://127.0.0.1:9/v2/', oauth_base_url: 'http://127.0.0.1:9' })))
      .toEqual({ api: 'http://127.0.0.1:9/v2', oauth: 'http://127.0.0.1:9', filter: 'http://127.0.0.1:9/v2' })
    expect(resolveLoketUrls(loket.settings.parse({ client_id: 'c', api_base_url: 'http://127.0.0.1:9/v2', filter_base_url: 'http://127.0.0.1:8/filter/' })).filter)
      .toBe('http://127.0.0.1:8/filter')
  })

  it('takes the production filter service from the servers of /user/filtersettings/{employerId} in the OpenAPI document', async () => {
    const { loadSpec } = await import('./sandbox/openapi-validator.js')
    const document = loadSpec() as unknown as { paths: Record<string, { servers?: Array<{ url: string }> }> }
    const servers = document.paths['/user/filtersettings/{employerId}']?.servers?.map((server) => server.url)
    expect(servers).toContain(resolveLoketUrls(loket.settings.parse({ client_id: 'c' })).filter)
  })

  it('gives the OAuth2 endpoints with scope all', () => {
    if (loket.auth.kind !== 'oauth2-authorization-code') throw new Error('loket must use the authorization code flow')
    expect(loket.auth.endpoints(loket.settings.parse({ client_id: 'c', client_secret: 's', environment: 'acceptance' }))).toEqual({
      authorizeUrl: 'https://oauth.loket-acc.nl/authorize', tokenUrl: 'https://oauth.loket-acc.nl/token', clientId: 'c', clientSecret: 's', scope: 'all',
    })
    expect(loket.auth.endpoints(loket.settings.parse({ client_id: 'c' }))).not.toHaveProperty('clientSecret')
  })

  it('rejects out-of-range and unknown settings', () => {
    for (const bad of [{}, { client_id: 'c', concurrency: 0 }, { client_id: 'c', concurrency: 33 }, { client_id: 'c', page_size: 5000 }, { client_id: 'c', api_base_url: 'nope' }, { client_id: 'c', extra: 1 }]) {
      expect(loket.settings.safeParse(bad).success, JSON.stringify(bad)).toBe(false)
    }
  })
})
