import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StartedLoketSandbox } from '../../connectors/loket/sandbox/index.js'
import { generateEncryptionKey } from '../../core/auth/vault.js'
import { snapshotDifferences, type ApiRun } from './e2e-api.js'
import { connectionId, referenceSnapshot, startGateway, startSandbox } from './loket-harness.js'

let sandbox: StartedLoketSandbox
let dir: string

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 31, employeesPerEmployer: 12 })
  dir = mkdtempSync(join(tmpdir(), 'koppel-e2e-lifecycle-'))
})
afterAll(async () => {
  await sandbox?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('a Loket connection over the gateway lifecycle', () => {
  it('a shutdown in the middle of a sync commits nothing, and the restarted gateway catches up exactly once', async () => {
    const key = generateEncryptionKey()
    const dbPath = join(dir, 'restart.db')
    const first = await startGateway(sandbox, { dbPath, encryptionKey: key })
    await first.enterTokens()
    expect((await first.api.sync(connectionId)).status).toBe('succeeded')
    const snapshot = await first.api.snapshot()
    const feed = await first.api.feed(0)

    const employees = [...sandbox.data.employees.values()]
    sandbox.changeAddress(employees[2]!.employee.id)
    sandbox.hire(employees[0]!.employerId)
    sandbox.latencyMs = 10
    const { runId } = await first.api.call<{ runId: string }>('POST', `/api/connections/${connectionId}/sync`, {})
    sandbox.requests.length = 0
    while (!sandbox.requests.some((entry) => entry.path.endsWith('/citizenservicenumber'))) await new Promise((resolve) => setTimeout(resolve, 2))
    const stopping = Date.now()
    await first.close()
    expect(Date.now() - stopping).toBeLessThan(5000)
    sandbox.latencyMs = 0

    const second = await startGateway(sandbox, { dbPath, encryptionKey: key })
    try {
      const aborted = await second.api.call<ApiRun>('GET', `/api/runs/${runId}`)
      expect(aborted.status).toBe('failed')
      expect(['shutdown', 'aborted']).toContain(aborted.error?.code)
      expect(snapshotDifferences(await second.api.snapshot(), snapshot)).toEqual([])
      expect(await second.api.feed(0)).toEqual(feed)

      expect((await second.api.sync(connectionId)).status).toBe('succeeded')
      expect(snapshotDifferences(await second.api.snapshot(), await referenceSnapshot(sandbox))).toEqual([])
      const caughtUp = await second.api.feed(feed.at(-1)?.sequence ?? 0)
      const keys = caughtUp.map((m) => `${m.entity}/${m.recordId}`)
      expect(new Set(keys).size).toBe(keys.length)
      expect(caughtUp.some((m) => m.entity === 'employee' && m.operation === 'created')).toBe(true)
      expect(caughtUp.some((m) => m.entity === 'employee' && m.operation === 'updated' && m.recordId === employees[2]!.employee.id)).toBe(true)
    } finally {
      await second.close()
    }
  })

  it('the delete guard holds a run that would remove too much, and force applies it', async () => {
    const instance = await startGateway(sandbox, { receiver: true, connectionId: 'guarded-loket', inMemory: true })
    try {
      await instance.enterTokens()
      expect((await instance.api.sync('guarded-loket')).status).toBe('succeeded')
      const snapshot = await instance.api.snapshot()
      const feed = await instance.api.feed(0)
      for (const entry of [...sandbox.data.employees.values()].slice(5, 9)) sandbox.removeEmployee(entry.employee.id)

      const held = await instance.api.sync('guarded-loket')
      expect(held).toMatchObject({ status: 'held', error: { code: 'delete_guard' } })
      expect(snapshotDifferences(await instance.api.snapshot(), snapshot)).toEqual([])
      expect(await instance.api.feed(0)).toEqual(feed)
      await instance.receiver!.waitFor(3)
      expect(instance.receiver!.received.map((r) => r.type)).toContain('sync.held')
      // The removed employees are no changed employments: an incremental run re-reads none of their chains and deletes nothing.
      expect((await instance.api.sync('guarded-loket', { mode: 'incremental' })).status).toBe('succeeded')

      const forced = await instance.api.sync('guarded-loket', { force: true })
      expect(forced.status).toBe('succeeded')
      expect(snapshotDifferences(await instance.api.snapshot(), await referenceSnapshot(sandbox))).toEqual([])
      const deleted = (await instance.api.feed(feed.at(-1)?.sequence ?? 0)).filter((m) => m.operation === 'deleted' && m.entity === 'employee')
      expect(deleted).toHaveLength(4)
    } finally {
      await instance.close()
    }
  })
})
