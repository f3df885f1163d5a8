import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface TestServer {
  url: string
  /** Requests received so far. */
  readonly count: number
  /** Most requests that were being handled at the same moment. */
  readonly maxInFlight: number
  readonly requests: Array<{ path: string; authorization: string | undefined; userAgent: string | undefined }>
  close(): Promise<void>
}

/** A real HTTP server on 127.0.0.1:0 whose handler sees the 1-based request number. */
export async function startTestServer(handler: (req: IncomingMessage, res: ServerResponse, n: number) => void | Promise<void>): Promise<TestServer> {
  let count = 0
  let inFlight = 0
  let maxInFlight = 0
  const requests: TestServer['requests'] = []
  const server = createServer((req, res) => {
    count++
    inFlight++
    maxInFlight = Math.max(maxInFlight, inFlight)
    requests.push({ path: req.url ?? '', authorization: req.headers.authorization, userAgent: req.headers['user-agent'] })
    const done = () => inFlight--
    res.on('close', done)
    Promise.resolve(handler(req, res, count)).catch(() => res.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    get count() {
      return count
    },
    get maxInFlight() {
      return maxInFlight
    },
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

/** A logger that keeps what it was given, to assert on log lines. */
export function recordingLogger() {
  const lines: Array<{ level: string; obj: object; msg: string | undefined }> = []
  const make = () => {
    const log = {
      lines,
      debug: (obj: object, msg?: string) => void lines.push({ level: 'debug', obj, msg }),
      info: (obj: object, msg?: string) => void lines.push({ level: 'info', obj, msg }),
      warn: (obj: object, msg?: string) => void lines.push({ level: 'warn', obj, msg }),
      error: (obj: object, msg?: string) => void lines.push({ level: 'error', obj, msg }),
      child: () => log,
    }
    return log
  }
  return make()
}
