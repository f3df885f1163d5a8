import { sandboxBanner, startLoketSandbox } from '../connectors/loket/sandbox/index.js'
import { KoppelError } from '../core/errors.js'
import { listenProblem } from './listen-problem.js'
import { runDemo } from './demo/run-demo.js'

/** A whole number in range, as typed on the command line ("abc", "1e3" and "-1" are refused). */
function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new KoppelError('usage_invalid', `${flag} must be a whole number from ${min} to ${max}, not "${text}"`)
  return value
}

/** `sandbox loket`: the simulated Loket.nl with its control API, until SIGINT/SIGTERM. */
export async function sandboxCommand(name: string, options: { port: string; employees: string }): Promise<number> {
  if (name !== 'loket') throw new KoppelError('usage_invalid', `unknown sandbox "${name}" (available: loket)`)
  const port = wholeNumber('--port', options.port, 0, 65535)
  const employeesPerEmployer = wholeNumber('--employees', options.employees, 1, 10_000)
  const sandbox = await startLoketSandbox({ port, employeesPerEmployer, employers: 2 }).catch((error: unknown) => {
    throw listenProblem(error, `--port ${port}`)
  })
  process.stdout.write(`${sandboxBanner(sandbox)}\n`)
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await sandbox.close()
  return 0
}

/** `demo`: the whole job end to end, offline (see cli/demo/run-demo.ts). */
export async function demoCommand(): Promise<number> {
  return (await runDemo()) ? 0 : 1
}
