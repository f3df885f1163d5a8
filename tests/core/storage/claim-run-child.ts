/**
 * One process of the cross-process claimRun test: opens the database, says `ready`, waits
 * for `go` on stdin, then claims a run of connections c0..c<rounds-1> as fast as it can and
 * prints one JSON line: the outcome per connection.
 */
import { claimRun } from '../../../core/storage/claim-run.js'
import { openDatabase } from '../../../core/storage/open-database.js'

const [path, rounds] = process.argv.slice(2) as [string, string]
const db = await openDatabase({ path })
process.stdout.write('ready\n')
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()))
process.stdin.destroy()
const outcomes: Record<string, string> = {}
for (let i = 0; i < Number(rounds); i++) {
  const connectionId = `c${i}`
  try {
    await claimRun(db, { id: `run_${process.pid}_${i}`, connectionId, mode: 'full', trigger: 'cli', force: false, counts: {} })
    outcomes[connectionId] = 'claimed'
  } catch (error) {
    outcomes[connectionId] = (error as { code?: string }).code ?? String(error)
  }
}
process.stdout.write(`${JSON.stringify(outcomes)}\n`)
await db.destroy()
