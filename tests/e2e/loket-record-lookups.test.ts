import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StartedLoketSandbox } from '../../connectors/loket/sandbox/index.js'
import { connectionId, startGateway, startSandbox, type GatewayInstance } from './loket-harness.js'

let sandbox: StartedLoketSandbox
let instance: GatewayInstance
let byNumber: { id: string; number: string }
let byId: { id: string; number: string }

beforeAll(async () => {
  sandbox = await startSandbox({ employers: 2, employeesPerEmployer: 4 })
  ;[byNumber, byId] = [...sandbox.data.employers.values()].map((entry) => ({ id: entry.employer.id, number: String(entry.employer.employerNumber) })) as [typeof byNumber, typeof byId]
  // One employer named by its number, the other by its GUID, as an operator may write them.
  instance = await startGateway(sandbox, { employers: [byNumber.number, byId.id] })
  await instance.enterTokens()
  expect((await instance.api.sync(connectionId)).status).toBe('succeeded')
})
afterAll(async () => {
  await instance?.close()
  await sandbox?.close()
})

type Page = { items: Array<{ id: string; employerId: string }>; nextCursor: string | null }
const list = (query: string) => instance.api.call<Page>('GET', `/api/records/employee?limit=1000&${query}`)

describe('GET /api/records with employer= and connection= (DESIGN §6)', () => {
  it('an employer number from the YAML lists the same records as its GUID', async () => {
    const viaId = await list(`employer=${byNumber.id}`)
    expect(viaId.items.length).toBe(4)
    expect(viaId.items.every((record) => record.employerId === byNumber.id)).toBe(true)
    expect(await list(`employer=${byNumber.number}`)).toEqual(viaId)
    expect(await list(`connection=${connectionId}&employer=${byNumber.number}`)).toEqual(viaId)
    // Configured by GUID: its number is known from the stored employer record.
    const other = await list(`employer=${byId.id}`)
    expect(other.items.length).toBe(4)
    expect(await list(`employer=${byId.number}`)).toEqual(other)
  })

  it('an unknown employer or connection is a 404 not_found', async () => {
    for (const query of ['employer=99999999', `connection=nope`, `connection=nope&employer=${byNumber.number}`]) {
      const answer = await instance.api.raw('GET', `/api/records/employee?${query}`)
      expect(answer, query).toMatchObject({ status: 404, json: { error: { code: 'not_found' } } })
    }
  })
})
