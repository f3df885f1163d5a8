import { serve } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { createLoketSandbox } from './create-loket-sandbox.js'
import type { SandboxOptions, StartedLoketSandbox } from './sandbox-types.js'

/** Starts the sandbox on a real listener (127.0.0.1, port 0 by default). */
export async function startLoketSandbox(
  options: SandboxOptions & { port?: number; host?: string } = {},
): Promise<StartedLoketSandbox> {
  const sandbox = createLoketSandbox(options)
  const host = options.host ?? '127.0.0.1'
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve, reject) => {
    const listener = serve({ fetch: sandbox.app.fetch, port: options.port ?? 0, hostname: host }, (info: AddressInfo) => {
      resolve({ server: listener, port: info.port })
    })
    listener.once('error', reject)
  })
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  return Object.assign(sandbox, {
    url,
    apiBaseUrl: `${url}/v2`,
    oauthBaseUrl: url,
    close: () => new Promise<void>((resolve, reject) => {
      if ('closeAllConnections' in server) server.closeAllConnections()
      server.close((error) => (error ? reject(error) : resolve()))
    }),
  })
}
