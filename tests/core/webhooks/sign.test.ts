import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import { createSigner } from '../../../core/webhooks/sign.js'
import { startWebhookReceiver } from '../../fakes/webhook-receiver.js'
import { createHarness, newSecret, webhookConfig } from './harness.js'

describe('signing', () => {
  it('produces headers that standardwebhooks verifies', () => {
    const secret = newSecret()
    const body = JSON.stringify({ type: 'employee.updated', timestamp: '2026-01-01T00:00:00.000Z', data: { a: 1 } })
    const headers = createSigner({ secret })('mut_01ABC', body)
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body))
    expect(() => new Webhook(newSecret()).verify(body, headers)).toThrow()
    expect(() => new Webhook(secret).verify(body.replace('1', '2'), headers)).toThrow()
    expect(headers['content-type']).toBe('application/json')
    expect(headers['user-agent']).toMatch(/^koppel\/\d+\.\d+\.\d+/)
  })

  it('signs with unexpired previous secrets during rotation, each verifiable alone', async () => {
    const [current, previous, expired] = [newSecret(), newSecret(), newSecret()]
    const receiver = await startWebhookReceiver({ secrets: [current, previous, expired] })
    const harness = await createHarness([
      webhookConfig({
        id: 'rotating',
        url: receiver.url,
        secret: current,
        previous_secrets: [
          { secret: previous, until: new Date(Date.now() + 3_600_000).toISOString() },
          { secret: expired, until: new Date(Date.now() - 1000).toISOString() },
        ],
      }),
    ])
    await harness.emit([{ recordId: 'e1' }])
    await harness.dispatcher.drain()
    const [got] = await receiver.waitFor(1)
    expect(got!.signature.split(' ')).toHaveLength(2)
    expect(got!.verifiedBy).toEqual([true, true, false])
    await receiver.close()
    await harness.db.destroy()
  })
})
