import { readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { approveConsent } from '../../cli/demo/demo-steps.js'
import { scanFiles, type Needle } from './scan-for-leaks.js'
import { connectionId, createReliabilityWorld, webhookId, type ReliabilityWorld } from './reliability-world.js'

/**
 * Secrets at rest and personal data in logs (issue 7): a demo-like run of the gateway as a
 * child process at log level debug (consent, baseline, manual token entry, an expired access
 * token, upstream faults, changes, a failing then succeeding consumer, a graceful stop), then
 * a byte scan of the SQLite file and its WAL for every token and secret, and of the captured
 * stdout+stderr for every token, secret, BSN, last name and street of the dataset.
 */
describe('secrets and personal data', () => {
  let world: ReliabilityWorld | undefined
  afterAll(async () => world?.close())

  it('keeps tokens and secrets out of the database files and everything personal out of the logs', async () => {
    world = await createReliabilityWorld({
      seed: 4242, employers: 1, employeesPerEmployer: 12, latencyMs: 0, logLevel: 'debug', initialSync: 'baseline',
      autoApprove: false, retrySchedule: ['100ms', '200ms', '400ms'],
    })
    const { sandbox, api, receiver } = world
    // An echoing consumer: its error body carries the payload back at Koppel once.
    receiver.script((request, index) => (index === 0 ? { status: 500, body: request.body.slice(0, 1500) } : undefined))
    await world.startChild()

    const { json } = await api.call<{ authorizeUrl: string }>('POST', `/api/connections/${connectionId}/authorize`)
    expect(await approveConsent(json.authorizeUrl)).toContain('succeeded')
    expect((await api.sync(connectionId)).status).toBe('succeeded')

    const manual = sandbox.oauth.issueTokens()
    const put = await api.call('PUT', `/api/connections/${connectionId}/tokens`, { accessToken: manual.accessToken, refreshToken: manual.refreshToken })
    expect(put.status).toBe(204)
    sandbox.oauth.expireAccessTokens() // the next call gets 401: the gateway refreshes
    sandbox.faults.add({ kind: 'status', status: 503, path: '/employees', times: 1 })
    sandbox.faults.add({ kind: 'status', status: 429, retryAfter: 0, path: '/employments', times: 1 })
    const employees = [...sandbox.data.employees.values()]
    sandbox.changeAddress(employees[1]!.employee.id, { street: 'Zuiderzeeweg' })
    sandbox.setBsn(employees[2]!.employee.id, '123456789') // fails the 11-test: reported, never logged
    const hired = sandbox.hire([...sandbox.data.employers.keys()][0]!, { firstName: 'Wilhelmina', lastName: 'Oostervaart' })
    for (const entry of [...sandbox.data.employments.values()].slice(0, 3)) sandbox.raiseSalary(entry.employment.id, { percent: 5 })
    const second = await api.sync(connectionId)
    expect(second.status, JSON.stringify(second.error)).toBe('succeeded')
    expect(second.counts.employee?.invalid).toBe(1)
    expect(sandbox.oauth.tokenRequests.refresh_token).toBeGreaterThan(0)
    await api.drained(webhookId)
    expect(receiver.received.some((r) => r.json.data.recordId === hired.employeeId)).toBe(true)

    const files = [world.dbPath, `${world.dbPath}-wal`, `${world.dbPath}-shm`]
    const secrets: Needle[] = [
      ...sandbox.oauth.issuedTokens().flatMap((pair, i) => [
        { label: `access token #${i}`, value: pair.accessToken }, { label: `refresh token #${i}`, value: pair.refreshToken },
      ]),
      { label: 'client secret', value: sandbox.oauth.clientSecret },
      { label: 'webhook secret', value: world.secrets.webhookSecret },
      { label: 'webhook secret key', value: world.secrets.webhookSecret.slice('whsec_'.length) },
      { label: 'admin token', value: world.secrets.adminToken },
      { label: 'encryption key', value: world.secrets.encryptionKey },
    ]
    expect(sandbox.oauth.issuedTokens().length).toBeGreaterThanOrEqual(3)
    expect(scanFiles(files, secrets), 'secrets in the SQLite files while running').toEqual([])

    await world.child!.stop('SIGTERM')
    expect(scanFiles(files, secrets), 'secrets in the SQLite files after stopping').toEqual([])

    const personal: Needle[] = [...sandbox.data.employees.values()].flatMap((entry, i) => [
      ...(entry.bsn ? [{ label: `bsn of employee ${i}`, value: entry.bsn }] : []),
      { label: `last name of employee ${i}`, value: entry.employee.personalDetails.lastName, word: true },
      ...(entry.employee.address ? [{ label: `street of employee ${i}`, value: entry.employee.address.street, word: true }] : []),
    ])
    personal.push({ label: 'the invalid bsn', value: '123456789' }, { label: 'the new street', value: 'Zuiderzeeweg', word: true })
    // The scanner's positive control: the snapshot itself holds personal data, so it must find some.
    expect(scanFiles(files, personal).length, 'the scan finds the personal data the snapshot holds').toBeGreaterThan(10)
    const log = readFileSync(world.logFile, 'utf8')
    expect(log.split('\n').filter((line) => line.includes('"level":20')).length, 'debug lines were captured').toBeGreaterThan(0)
    expect(log).toContain('sync finished')
    expect(log).toContain('upstream request retried')
    expect(scanFiles([world.logFile], [...secrets, ...personal]), 'secrets or personal data in the logs').toEqual([])
  })
})
