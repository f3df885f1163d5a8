import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'

export interface DemoDelivery {
  webhookId: string
  type: string
  data: Record<string, unknown>
  verified: boolean
}

/**
 * The demo's webhook consumer: verifies each request with the `standardwebhooks` package
 * (an implementation Koppel did not write), answers 204, and keeps what it got.
 */
export async function startDemoReceiver(secret: string) {
  const verifier = new Webhook(secret)
  const received: DemoDelivery[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]))
      let verified = true
      try {
        verifier.verify(body, headers)
      } catch {
        verified = false
      }
      const json = JSON.parse(body) as { type: string; data: Record<string, unknown> }
      received.push({ webhookId: headers['webhook-id'] ?? '', type: json.type, data: json.data, verified })
      res.writeHead(verified ? 204 : 401).end()
    })
  })
  server.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks/koppel`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
