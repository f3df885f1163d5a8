import { sandboxBanner, startLoketSandbox } from '../connectors/loket/sandbox/index.js'
import { runDemo } from './demo/run-demo.js'
import { UsageError } from './load-cli-config.js'

/** `sandbox loket`: the simulated Loket.nl on its own, until SIGINT/SIGTERM. */
export async function sandboxCommand(name: string, options: { port: number; employees: number }): Promise<number> {
  if (name !== 'loket') throw new UsageError(`unknown sandbox "${name}" (available: loket)`)
  if (!Number.isInteger(options.port) || options.port < 0) throw new UsageError('--port must be a port number')
  if (!Number.isInteger(options.employees) || options.employees < 1) throw new UsageError('--employees must be a positive number')
  const sandbox = await startLoketSandbox({ port: options.port, employeesPerEmployer: options.employees, employers: 2 })
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
