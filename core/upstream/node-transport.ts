import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'

export interface TransportRequest {
  method: string
  headers: Record<string, string>
  body?: string
  signal: AbortSignal
  /**
   * Keep only this many bytes of the body and stop reading past 64 KiB (webhook receivers'
   * answers): the response resolves with its status whatever the body's size. Without it
   * (upstream API reads) the whole body is read, and a reset halfway through rejects.
   */
  maxBodyBytes?: number
}

export interface TransportResponse {
  status: number
  headers: Headers
  text: string
}

/** Sends one request and reads the whole body; rejects on network errors and aborts. */
export type Transport = (url: string, request: TransportRequest) => Promise<TransportResponse>

/** With `maxBodyBytes`, a body is read at most this far; past it the socket is dropped. */
const drainCapBytes = 64 * 1024

/**
 * Keep-alive agents shared by every upstream client of the process, so runs reuse
 * connections. The concurrency limit lives in the client; the agents do not cap sockets.
 */
const agents = {
  'http:': new HttpAgent({ keepAlive: true, maxFreeSockets: 64, timeout: 60_000 }),
  'https:': new HttpsAgent({ keepAlive: true, maxFreeSockets: 64, timeout: 60_000 }),
}

/**
 * The default transport: node:http(s) with keep-alive. Measured on our machines it costs
 * about 2 ms less per request than the global fetch (undici), which matters when a full
 * Loket.nl sync makes tens of thousands of small requests.
 */
export const nodeTransport: Transport = (url, request) =>
  new Promise((resolve, reject) => {
    const target = new URL(url)
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest
    const agent = target.protocol === 'https:' ? agents['https:'] : agents['http:']
    const headers = { ...request.headers, ...(request.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(request.body)) }) }
    const req = send(target, { method: request.method, headers, agent, signal: request.signal }, (res: IncomingMessage) => {
      const chunks: Buffer[] = []
      let size = 0
      let settled = false
      const limit = request.maxBodyBytes
      const fail = (error: Error) => {
        if (settled) return
        settled = true
        reject(error)
      }
      const finish = () => {
        if (settled) return
        settled = true
        const responseHeaders = new Headers()
        for (const [name, value] of Object.entries(res.headers)) {
          if (Array.isArray(value)) for (const item of value) responseHeaders.append(name, item)
          else if (value !== undefined) responseHeaders.set(name, value)
        }
        const body = Buffer.concat(chunks)
        resolve({ status: res.statusCode ?? 0, headers: responseHeaders, text: (limit === undefined ? body : body.subarray(0, limit)).toString('utf8') })
      }
      res.on('data', (chunk: Buffer) => {
        if (limit === undefined || size < limit) chunks.push(chunk)
        size += chunk.length
        // With a limit, the answer is complete once we stop reading: settle first, because
        // destroying the socket makes the response emit 'aborted'/'error', which must not
        // turn a 2xx with a large body into a connection reset. Bodies under the drain cap
        // are read to their end so the keep-alive socket can be reused.
        if (limit !== undefined && size > drainCapBytes) {
          finish()
          res.destroy()
        }
      })
      res.on('error', fail)
      res.on('aborted', () => fail(Object.assign(new Error('response aborted'), { code: 'ECONNRESET' })))
      res.on('end', () => {
        if (!res.complete) return fail(Object.assign(new Error('response incomplete'), { code: 'ECONNRESET' }))
        finish()
      })
    })
    req.on('error', reject)
    req.end(request.body)
  })
