import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import loket from '../../../connectors/loket/index.js'
import { startLoketSandbox, type LoketRightName, type StartedLoketSandbox } from '../../../connectors/loket/sandbox/index.js'
import type { ConnectorContext } from '../../../core/connector.js'
import type { LoketSettings } from '../../../connectors/loket/settings.js'
import { createSimpleHttpClient } from '../../helpers/simple-http-client.js'
import { sandboxHttp, sandboxSettings, silentLog } from './loket-test-context.js'

let sandbox: StartedLoketSandbox

beforeAll(async () => {
  sandbox = await startLoketSandbox({ seed: 21, employers: 3, employeesPerEmployer: 4 })
})
afterAll(() => sandbox.close())

const employers = () => [...sandbox.data.employers.values()].map((entry) => entry.employer)
function context(extra: Record<string, unknown> = {}, token?: string): ConnectorContext<LoketSettings> {
  return {
    connectionId: 'test-loket',
    settings: sandboxSettings(sandbox, extra),
    http: token === undefined ? sandboxHttp(sandbox) : createSimpleHttpClient({ token }),
    log: silentLog,
    signal: new AbortController().signal,
  }
}

describe('loket resolveEmployers', () => {
  it('resolves numbers through the employer list, takes GUIDs as they are and reports unknown numbers', async () => {
    const [first, second] = employers()
    const unknown = Math.max(...employers().map((employer) => employer.employerNumber)) + 1000
    const refs = [String(first!.employerNumber), second!.id, String(unknown), 'acme']
    const results = await loket.resolveEmployers!(context({ page_size: 1 }), refs)
    expect(results).toEqual([
      { ref: refs[0], ok: true, id: first!.id },
      { ref: refs[1], ok: true, id: second!.id },
      { ref: refs[2], ok: false, error: { code: 'employer_not_found', message: `Loket employer number ${unknown} not found (or not accessible to the authorizing user)` } },
      { ref: 'acme', ok: false, error: expect.objectContaining({ code: 'employer_not_found' }) },
    ])
    const filtered = sandbox.requests.filter((entry) => entry.path === '/v2/providers/employers' && entry.query.filter)
    expect(filtered.map((entry) => entry.query.filter)).toContain(`employerNumber eq ${first!.employerNumber}`)
  })
})

describe('loket check', () => {
  const withRights = async (withheld: LoketRightName[], run: () => Promise<void>): Promise<void> => {
    for (const right of withheld) sandbox.setRight(right, false)
    try {
      await run()
    } finally {
      for (const right of withheld) sandbox.setRight(right, true)
    }
  }

  it('is ok with every right and a known employer', async () => {
    const [first] = employers()
    const report = await loket.check!(context(), [String(first!.employerNumber)])
    expect(report).toEqual({ ok: true, credentials: { ok: true }, employers: [{ employer: String(first!.employerNumber), ok: true, missing: [] }] })
  })

  it('names each missing right in Loket\'s words and fails on the ones a sync needs', async () => {
    const [first] = employers()
    await withRights(['Beheren en raadplegen BSN', 'Raadplegen beloningen', 'Raadplegen variabele gegevens'], async () => {
      const report = await loket.check!(context(), [first!.id])
      expect(report.ok).toBe(false)
      expect(report.employers[0]).toMatchObject({ ok: false })
      expect(report.employers[0]?.missing.sort()).toEqual(['Beheren en raadplegen BSN', 'Raadplegen beloningen', 'Raadplegen variabele gegevens'])
    })
    await withRights(['Raadplegen loonoutput beperkt'], async () => {
      const report = await loket.check!(context(), [first!.id])
      // Payroll output is not needed for a sync: named, but no failure.
      expect(report.employers[0]).toEqual({ employer: first!.id, ok: true, missing: ['Raadplegen loonoutput beperkt'] })
    })
    await withRights(['Raadplegen HRM', 'Raadplegen dienstverbanden'], async () => {
      const report = await loket.check!(context(), [first!.id])
      expect(report.employers[0]?.missing.sort()).toEqual(['Raadplegen HRM', 'Raadplegen dienstverbanden'])
    })
  })

  it('does not probe the BSN right when fetch_bsn is off', async () => {
    const [first] = employers()
    await withRights(['Beheren en raadplegen BSN'], async () => {
      const report = await loket.check!(context({ fetch_bsn: false }), [first!.id])
      expect(report.employers[0]).toEqual({ employer: first!.id, ok: true, missing: [] })
    })
  })

  it('reports unknown employers and bad credentials', async () => {
    const report = await loket.check!(context(), ['999999', '00000000-0000-4000-8000-000000000000'])
    expect(report.credentials.ok).toBe(true)
    expect(report.employers.map((finding) => [finding.ok, finding.error?.code])).toEqual([[false, 'employer_not_found'], [false, 'employer_not_found']])

    const denied = await loket.check!(context({}, 'not-a-valid-token'), ['1'])
    expect(denied).toMatchObject({ ok: false, credentials: { ok: false, error: { code: 'upstream_unauthorized' } } })
  })
})
