import { appendFileSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { listDropFolder, selectFiles, settledFiles, type SettleClock } from '../../../connectors/files/drop-folder.js'
import { defineFileConnector } from '../../../connectors/files/define-file-connector.js'
import { fileConnectorSettings } from '../../../connectors/files/file-settings.js'
import { mergeMapping } from '../../../connectors/files/mapping.js'
import { genericPreset } from '../../../connectors/files/presets/generic.js'
import type { FetchContext, Logger, RawPage } from '../../../core/connector.js'

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent }

/** A clock whose sleep runs a step (a writer appending) and moves time on, instead of waiting. */
function fakeClock(start: number, duringSleep: () => void = () => {}): SettleClock & { slept: number[] } {
  let now = start
  const slept: number[] = []
  return {
    slept,
    now: () => now,
    async sleep(ms) {
      slept.push(ms)
      duringSleep()
      now += ms
    },
  }
}

const folder = () => mkdtempSync(path.join(tmpdir(), 'koppel-drop-'))
const at = (file: string, ms: number) => utimesSync(file, ms / 1000, ms / 1000)

describe('settling', () => {
  it('takes a file whose size and mtime stayed the same for settle_seconds, waiting for a young one', async () => {
    const dir = folder()
    const t0 = 1_800_000_000_000
    writeFileSync(path.join(dir, 'employees-old.csv'), 'employee_number\n1\n')
    at(path.join(dir, 'employees-old.csv'), t0 - 60_000)
    writeFileSync(path.join(dir, 'employees-new.csv'), 'employee_number\n2\n')
    at(path.join(dir, 'employees-new.csv'), t0 - 2_000)
    const clock = fakeClock(t0)
    const settled = await settledFiles(await listDropFolder(dir), 5_000, clock)
    expect(clock.slept).toEqual([3_000])
    expect(settled.map((file) => file.name)).toEqual(['employees-old.csv', 'employees-new.csv'])
  })

  it('leaves a file that is still being written for a later run', async () => {
    const dir = folder()
    const t0 = Date.now()
    const growing = path.join(dir, 'employees-growing.csv')
    writeFileSync(growing, 'employee_number\n1\n')
    const clock = fakeClock(t0, () => appendFileSync(growing, '2\n'))
    expect(await settledFiles(await listDropFolder(dir), 5_000, clock)).toEqual([])
    expect(clock.slept).toHaveLength(1)
  })

  it('lists no dot files (uploads being written) and no error reports', async () => {
    const dir = folder()
    for (const name of ['.upload-file_1.part', 'employees.csv.error.txt', 'employees.csv']) writeFileSync(path.join(dir, name), 'x')
    expect((await listDropFolder(dir)).map((file) => file.name)).toEqual(['employees.csv'])
  })
})

describe('selection', () => {
  it('takes the oldest file per entity, a file of another entity alongside, and leaves files no mapping names', () => {
    const mappings = mergeMapping(genericPreset, {})
    const file = (name: string, mtimeMs: number) => ({ name, path: `/x/${name}`, size: 1, mtimeMs })
    const taken = selectFiles([file('employees-1.csv', 1), file('employments-1.csv', 2), file('employees-2.csv', 3), file('notes.txt', 4)], mappings)
    expect(taken.map((f) => f.name)).toEqual(['employees-1.csv', 'employments-1.csv'])
  })
})

describe('afterRun', () => {
  const connector = defineFileConnector({ id: 'files-test', displayName: 'Files test', description: 'test', settings: fileConnectorSettings('generic'), clock: fakeClock(Date.now() + 3_600_000) })
  const context = (dir: string, runId: string): FetchContext<ReturnType<typeof connector.settings.parse>> => ({
    connectionId: 'c', settings: connector.settings.parse({ directory: dir }), http: { getJson: async () => null, request: async () => { throw new Error('no') } },
    log: silent, signal: new AbortController().signal, runId, employer: { ref: 'acme', id: 'acme' }, mode: 'full', cursor: null,
  })
  const drain = async (pages: AsyncIterable<RawPage>) => {
    const all: RawPage[] = []
    for await (const page of pages) all.push(page)
    return all
  }

  it('moves nothing when the run failed or was held, and moves the file once the run committed', async () => {
    const dir = folder()
    writeFileSync(path.join(dir, 'employees-1.csv'), 'employee_number,last_name\n1,Vries\n')
    const pages = await drain(connector.fetch(context(dir, 'run_1')))
    expect(pages.flatMap((page) => page.items).length).toBe(2)
    expect(pages.at(-2)?.complete).toEqual([{ entity: 'employee', match: {} }])
    expect(JSON.parse(pages.at(-1)!.cursor!)).toEqual({ files: [expect.stringMatching(/^employees-1\.csv\|/)] })
    await connector.afterRun!(context(dir, 'run_1'), { runId: 'run_1', status: 'held', employers: [{ ref: 'acme', id: 'acme', status: 'held', error: null }] })
    expect(readdirSync(dir)).toEqual(['employees-1.csv'])

    await drain(connector.fetch(context(dir, 'run_2')))
    await connector.afterRun!(context(dir, 'run_2'), { runId: 'run_2', status: 'succeeded', employers: [{ ref: 'acme', id: 'acme', status: 'succeeded', error: null }] })
    expect(readdirSync(dir)).toEqual(['processed'])
  })

  it('a missing drop folder fails the fetch with a coded error, and check names it', async () => {
    const missing = path.join(folder(), 'not-there')
    await expect(drain(connector.fetch(context(missing, 'run_3')))).rejects.toMatchObject({ code: 'upstream_not_found', message: expect.stringContaining('(ENOENT)') })
    const report = await connector.check!(context(missing, 'run_3'), ['acme'])
    expect(report).toMatchObject({ ok: false, credentials: { ok: false, error: { code: 'upstream_not_found' } }, employers: [{ employer: 'acme', ok: false }] })
    expect((await connector.check!(context(folder(), 'run_4'), ['acme'])).ok).toBe(true)
  })
})
