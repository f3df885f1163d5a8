import type { GatewayConfig } from '../config/schema.js'

/**
 * `healthcheck`: asks the configured gateway's `/healthz`, so the Docker HEALTHCHECK follows
 * `server.port` and `server.host` instead of hard-coding 8080. Exit 0 healthy, 1 not.
 */
export async function healthcheckCommand(config: GatewayConfig, timeoutMs = 4000): Promise<number> {
  const { host, port } = config.server
  // A wildcard listener is reached on loopback; a specific address only on itself.
  const target = host === '0.0.0.0' || host === '' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host
  const url = `http://${target}:${port}/healthz`
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })
    if (response.ok) return 0
    process.stderr.write(`${url} answered ${response.status}\n`)
  } catch (error) {
    process.stderr.write(`${url}: ${error instanceof Error ? error.message : String(error)}\n`)
  }
  return 1
}
