import { afterEach, describe, expect, it } from 'vitest'
import { nodeTransport } from '../../../core/upstream/node-transport.js'
import { sendAttempt } from '../../../core/webhooks/send-attempt.js'
import { startTestServer, type TestServer } from './start-test-server.js'

let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const bigBody = 'x'.repeat(70 * 1024)

/** A receiver answering every request with `status` and a 70 KB body, written in several chunks. */
async function answering(status: number): Promise<TestServer> {
  return startTestServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.writeHead(status, { 'content-type': 'text/plain' })
      for (let offset = 0; offset < bigBody.length; offset += 8 * 1024) res.write(bigBody.slice(offset, offset + 8 * 1024))
      res.end()
    })
  })
}

const post = (url: string) => sendAttempt(nodeTransport, { url, headers: { 'content-type': 'application/json' }, body: '{"a":1}', timeoutMs: 2000 })

describe('nodeTransport', () => {
  it('a 2xx with a 70 KB body is a success; only the kept bytes are read back', async () => {
    server = await answering(200)
    const attempt = await post(`${server.url}/hook`)
    expect(attempt).toMatchObject({ statusCode: 200, errorClass: null })
    expect(attempt.responseBody?.length).toBe(2048)
  })

  it('a 2xx with a 70 KB body resolves straight from the transport too', async () => {
    server = await answering(202)
    const response = await nodeTransport(`${server.url}/hook`, { method: 'POST', headers: {}, body: '{}', signal: AbortSignal.timeout(2000), maxBodyBytes: 100 })
    expect(response.status).toBe(202)
    expect(response.text).toBe('x'.repeat(100))
  })

  it('a 500 with a 70 KB body stays a failure', async () => {
    server = await answering(500)
    const attempt = await post(`${server.url}/hook`)
    expect(attempt).toMatchObject({ statusCode: 500, errorClass: 'http_500' })
  })

  it('without a limit (upstream API reads) a large body is read whole', async () => {
    const page = JSON.stringify({ items: Array.from({ length: 5000 }, (_, i) => ({ id: i, name: 'werknemer '.repeat(5) })) })
    server = await startTestServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(page)
    })
    expect(page.length).toBeGreaterThan(256 * 1024)
    const response = await nodeTransport(`${server.url}/v2/employees`, { method: 'GET', headers: {}, signal: AbortSignal.timeout(2000) })
    expect(response.status).toBe(200)
    expect(response.text).toBe(page)
  })

  it('a reset halfway through a body without a limit still rejects (the client retries it)', async () => {
    server = await startTestServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000' })
      res.write('{"items":[')
      setTimeout(() => res.destroy(), 20)
    })
    await expect(nodeTransport(`${server.url}/x`, { method: 'GET', headers: {}, signal: AbortSignal.timeout(2000) })).rejects.toMatchObject({ code: 'ECONNRESET' })
  })
})
