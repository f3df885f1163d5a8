/**
 * Opens each database named on the command line in turn, in a process of its own (the test
 * runs it as another user when it runs as root, for whom no file is read-only), and prints
 * the outcomes as one JSON array.
 */
import { openDatabase } from '../../../core/storage/open-database.js'

const outcomes: unknown[] = []
for (const path of process.argv.slice(2)) {
  try {
    await (await openDatabase({ path })).destroy()
    outcomes.push({ ok: true })
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string }
    outcomes.push({ code, message })
  }
}
process.stdout.write(JSON.stringify(outcomes))
