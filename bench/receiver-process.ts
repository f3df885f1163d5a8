/**
 * A webhook receiver in its own process (so it does not compete with the sender's event
 * loop): answers 200 at once, records the arrival time of each `webhook-id`. Prints its port;
 * `GET /stats` returns `{count, arrivals: {id: epochMs}}` and resets. A POST to `/stall…`
 * is never answered (a stalled consumer).
 */
import { createServer } from 'node:http'

let arrivals: Record<string, number> = {}
let count = 0
const server = createServer((req, res) => {
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ count, arrivals }))
    arrivals = {}
    count = 0
    return
  }
  req.resume()
  if (req.url?.startsWith('/stall')) return
  req.on('end', () => {
    count++
    const id = req.headers['webhook-id']
    if (typeof id === 'string' && !(id in arrivals)) arrivals[id] = performance.timeOrigin + performance.now()
    res.writeHead(200).end()
  })
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as { port: number }).port}\n`))
