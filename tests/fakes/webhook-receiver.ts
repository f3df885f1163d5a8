import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'

/** One request as the receiver saw it. */
export interface ReceivedWebhook {
  id: string
  timestamp: string
  signature: string
  userAgent: string
  type: string
  body: string
  /** The parsed body (`{type, timestamp, data}`). */
  json: { type: string; timestamp: string; data: Record<string, unknown> }
  /** Verified by `standardwebhooks` with at least one secret. */
  verified: boolean
  /** Per secret given to the receiver, in order: did that secret alone verify it? */
  verifiedBy: boolean[]
}

/** How to answer one request. Default: 200 at once. */
export interface ScriptedResponse {
  status?: number
  headers?: Record<string, string>
  body?: string
  /** Wait this long before answering (a timeout test). */
  delayMs?: number
  /** Drop the connection without answering. */
  destroy?: boolean
}

export type ResponseScript = (request: ReceivedWebhook, index: number) => ScriptedResponse | undefined

export interface WebhookReceiver {
  url: string
  received: ReceivedWebhook[]
  /** Answers from now on; `undefined` from the script means 200. */
  script(script: ResponseScript): void
  /** Queues answers for the next requests, in order, before the script applies. */
  queue(...responses: ScriptedResponse[]): void
  /** Resolves once `count` requests arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>
  close(): Promise<void>
}

/**
 * A webhook consumer on 127.0.0.1 (random port) that verifies every request with the
 * `standardwebhooks` package over the raw body, as DESIGN.md tells consumers to.
 */
export async function startWebhookReceiver(options: {
  secrets: string[]
  /** Default 0 (a free port); a fixed port brings a receiver back where it was. */
  port?: number
}): Promise<WebhookReceiver> {
  const verifiers = options.secrets.map((secret) => new Webhook(secret))
  const received: ReceivedWebhook[] = []
  const queued: ScriptedResponse[] = []
  let script: ResponseScript = () => undefined
  const waiters = new Set<() => void>()

  const server = createServer((req, res) => {
    void handle(req, res)
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]))
    const verifiedBy = verifiers.map((verifier) => {
      try {
        verifier.verify(body, headers)
        return true
      } catch {
        return false
      }
    })
    let json: ReceivedWebhook['json']
    try {
      json = JSON.parse(body) as ReceivedWebhook['json']
    } catch {
      json = { type: '', timestamp: '', data: {} }
    }
    const request: ReceivedWebhook = {
      id: headers['webhook-id'] ?? '',
      timestamp: headers['webhook-timestamp'] ?? '',
      signature: headers['webhook-signature'] ?? '',
      userAgent: headers['user-agent'] ?? '',
      type: json.type,
      body,
      json,
      verified: verifiedBy.some(Boolean),
      verifiedBy,
    }
    const index = received.length
    received.push(request)
    for (const waiter of waiters) waiter()
    const answer = queued.shift() ?? script(request, index) ?? {}
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs))
    if (answer.destroy) {
      req.socket.destroy()
      return
    }
    if (res.destroyed) return
    res.writeHead(answer.status ?? 200, answer.headers ?? {})
    res.end(answer.body ?? '')
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    script(next) {
      script = next
    },
    queue(...responses) {
      queued.push(...responses)
    },
    waitFor(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (received.length < count) return
          cleanup()
          resolve(received.slice(0, count))
        }
        const timer = setTimeout(() => {
          cleanup()
          reject(new Error(`expected ${count} webhooks, got ${received.length}`))
        }, timeoutMs)
        const cleanup = () => {
          clearTimeout(timer)
          waiters.delete(check)
        }
        waiters.add(check)
        check()
      })
    },
    close() {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}
