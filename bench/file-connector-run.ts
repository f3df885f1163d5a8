/**
 * One run of the file-connector benchmark, in a process of its own so its time and peak RSS
 * are its own (`file-connector.ts` runs it): `generic FILE DIR` syncs the dropped CSV through
 * `generic` into a fresh database in DIR; `memory FILE DIR` first reads the same file into
 * canonical records, then times a connector that yields them from memory (the diff+commit
 * cost of the same records). Prints one JSON line: `{ ms, counts, peakRssMb }`.
 */
import { statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { z } from 'zod'
import generic from '../connectors/generic/index.js'
import { mergeMapping } from '../connectors/files/mapping.js'
import { presetOf } from '../connectors/files/presets/index.js'
import { readFileRecords, type FileSummary } from '../connectors/files/read-file-records.js'
import { defineConnector, type ConnectorDefinition } from '../core/connector.js'
import { limitHeapGrowth } from '../core/heap-growth.js'
import type { CanonicalRecord } from '../core/model/index.js'
import { openDatabase } from '../core/storage/open-database.js'
import { benchRunner } from './bench-runner.js'

limitHeapGrowth() // as gateway.ts does: the process measured is the gateway's

const [mode, file, dir] = process.argv.slice(2) as ['generic' | 'memory', string, string]
const settings = generic.settings.parse({ directory: dirname(file), settle_seconds: 0 })

async function syncOnce(connector: ConnectorDefinition, connectionSettings: unknown): Promise<{ ms: number; counts: unknown }> {
  const db = await openDatabase({ path: join(dir, `${mode}.db`) })
  const { ms, result } = await (await benchRunner(db, connector, { settings: connectionSettings })).run()
  await db.destroy()
  return { ms, counts: result.counts.employee }
}

/** The same records as the file gives, read beforehand, yielded from memory. */
async function memoryConnector(): Promise<ConnectorDefinition> {
  const pages: CanonicalRecord[][] = []
  const summary: FileSummary = { plan: null, rows: 0, unidentified: new Set() }
  const info = statSync(file)
  for await (const batch of readFileRecords({
    file: { name: basename(file), path: file, size: info.size, mtimeMs: info.mtimeMs }, settings,
    mappings: mergeMapping(presetOf(settings.preset), settings.mapping), employer: { ref: 'er-1', id: 'er-1' }, summary,
  })) {
    if (batch.errors.length > 0) throw new Error(`bench file has ${batch.errors.length} invalid rows in a batch`)
    pages.push(batch.records)
  }
  return defineConnector({
    id: 'memory', displayName: 'Memory', status: 'beta', apiVersion: 1, settings: z.strictObject({}), auth: { kind: 'none' },
    partialReads: generic.partialReads,
    async *fetch(ctx) {
      yield { type: 'records', items: [{ entity: 'employer', record: { id: ctx.employer.id, employerId: ctx.employer.id, number: ctx.employer.ref, name: null, chamberOfCommerceNumber: null, payrollTaxNumber: null } }] }
      for (const items of pages) yield { type: 'records', items }
    },
    normalize: (page) => [...(page.items as CanonicalRecord[])],
  }) as ConnectorDefinition
}

const run = mode === 'memory' ? await syncOnce(await memoryConnector(), {}) : await syncOnce(generic as ConnectorDefinition, settings)
process.stdout.write(`${JSON.stringify({ mode, ...run, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`)
