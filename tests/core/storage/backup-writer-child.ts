/**
 * The writer beside the backup test: opens the database, writes a record and its mutation in
 * one transaction after another (ids w-0, w-1, …), says `writing` once it is going, and on
 * any line on stdin stops and prints how many pairs it committed.
 */
import { openDatabase } from '../../../core/storage/open-database.js'

const [path] = process.argv.slice(2) as [string]
const db = await openDatabase({ path })
let stop = false
process.stdin.once('data', () => {
  stop = true
  process.stdin.destroy()
})
let written = 0
while (!stop) {
  const id = `w-${written}`
  const now = new Date().toISOString()
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('records').values({ connection_id: 'acme', entity: 'employee', id, employer_id: 'er-1', hash: id, data: JSON.stringify({ id, pad: 'x'.repeat(500) }), updated_at: now }).execute()
    await trx.insertInto('mutations').values({
      id: `mut_${id}`, connection_id: 'acme', connector: 'fake', employer_id: 'er-1', entity: 'employee', record_id: id, operation: 'created',
      run_id: 'run_writer', changes: '[]', record: JSON.stringify({ id }), previous: null, created_at: now,
    }).execute()
  })
  written++
  if (written === 50) process.stdout.write('writing\n')
  await new Promise((resolve) => setImmediate(resolve))
}
process.stdout.write(`${written}\n`)
await db.destroy()
