/**
 * One process of the storage conformance suite (replica-conformance.test.ts): opens the
 * shared database, says `ready`, waits for `go` on stdin, does its part of one case as
 * fast as it can, and prints one JSON line with what it did.
 *   claim <location> <i>                       claims and settles deliveries until none is due
 *   run <location> <i> <rounds>                claims a run of connections c0..c<rounds-1>
 *   write <location> <i> <commits>             commits mutations, numbered by the counter
 *   refresh <location> <i> <key> <tokenUrl> <connectionId>   asks for an access token
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { pino } from 'pino'
import { createTokenProvider } from '../../../core/auth/token-provider.js'
import { createVault } from '../../../core/auth/vault.js'
import { claimDeliveries } from '../../../core/storage/claim-deliveries.js'
import { claimRun } from '../../../core/storage/claim-run.js'
import { openDatabase } from '../../../core/storage/open-database.js'
import { allocateMutationSequences, lockMutationSequence } from '../../../core/storage/sequence-counter.js'

const [mode, location, index, ...args] = process.argv.slice(2) as [string, string, string, ...string[]]
const db = await openDatabase({ path: location })
process.stdout.write('ready\n')
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()))
process.stdin.destroy()

let result: unknown
if (mode === 'claim') {
  const claimed: number[] = []
  for (let idle = 0; idle < 3;) {
    const rows = await db.transaction().execute(async (trx) => {
      const now = new Date().toISOString()
      const got = await claimDeliveries(trx, { subscriptionId: 'hooks', now, leaseUntil: new Date(Date.now() + 60_000).toISOString(), limit: 3 })
      if (got.length > 0) await trx.updateTable('deliveries').set({ status: 'delivered', finished_at: now }).where('id', 'in', got.map((r) => r.id)).execute()
      return got
    })
    claimed.push(...rows.map((row) => row.id))
    idle = rows.length === 0 ? idle + 1 : 0
    // A dispatcher sends what it claimed before it claims again: without that pause one
    // process can take SQLite's write lock back every time and the other never overlaps.
    await sleep(rows.length === 0 ? 5 : 1)
  }
  result = claimed
} else if (mode === 'run') {
  const outcomes: Record<string, string> = {}
  for (let i = 0; i < Number(args[0]); i++) {
    try {
      await claimRun(db, { id: `run_${process.pid}_${i}`, connectionId: `c${i}`, mode: 'full', trigger: 'cli', force: false, counts: {} })
      outcomes[`c${i}`] = 'claimed'
    } catch (error) {
      outcomes[`c${i}`] = (error as { code?: string }).code ?? String(error)
    }
  }
  result = outcomes
} else if (mode === 'write') {
  const written: string[] = []
  for (let commit = 0; commit < Number(args[0]); commit++) {
    const ids = await db.transaction().execute(async (trx) => {
      await lockMutationSequence(trx)
      const count = 1 + ((commit * 7 + Number(index)) % 4)
      let sequence = await allocateMutationSequences(trx, count)
      const rows = Array.from({ length: count }, (_, k) => ({
        sequence: sequence++, id: `mut_w${index}_${commit}_${k}`, connection_id: 'acme', connector: 'fake', employer_id: 'er-1', entity: 'employee',
        record_id: `e${k}`, operation: 'updated' as const, run_id: `run_w${index}`, changes: '[]', record: '{}', previous: '{}', created_at: new Date().toISOString(),
      }))
      await trx.insertInto('mutations').values(rows).execute()
      // Hold the numbers a moment before committing: a reader must still never skip them.
      await sleep(1 + (commit % 3))
      return rows.map((row) => row.id)
    })
    written.push(...ids)
  }
  result = written
} else if (mode === 'refresh') {
  const [key, tokenUrl, connectionId] = args as [string, string, string]
  const provider = createTokenProvider({
    db, vault: createVault(key), connectionId, log: pino({ level: 'silent' }),
    endpoints: { authorizeUrl: tokenUrl.replace(/token$/, 'authorize'), tokenUrl, clientId: 'client-1', clientSecret: 's3cret' },
  })
  result = await provider.getAccessToken()
} else {
  throw new Error(`unknown mode ${mode}`)
}
process.stdout.write(`${JSON.stringify(result)}\n`)
await db.destroy()
