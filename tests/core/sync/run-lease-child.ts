/**
 * The process that dies in the run-lease test: opens the database at argv[2], starts a slow
 * run of `acme` with the lease argv[3] (ms), prints `running <runId>` and keeps renewing
 * until the test kills it with SIGKILL.
 */
import { openDatabase } from '../../../core/storage/open-database.js'
import { leaseRunner } from '../../helpers/lease-runner.js'

const [path, lease] = process.argv.slice(2) as [string, string]
const db = await openDatabase({ path })
const { runner } = await leaseRunner(db, { runLeaseMs: Number(lease), delayMs: 1000, employees: 600 })
const { runId } = await runner.trigger('acme', { trigger: 'cli' })
process.stdout.write(`running ${runId}\n`)
setInterval(() => {}, 60_000)
