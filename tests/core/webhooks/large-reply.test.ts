import { afterEach, describe, expect, it } from 'vitest'
import { startWebhookReceiver } from '../../fakes/webhook-receiver.js'
import { createHarness, newSecret, webhookConfig } from './harness.js'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** DESIGN §7: a 2xx answer is a success whatever its body; the body is not read past a small limit. */
describe('dispatcher and large receiver answers', () => {
  async function setup() {
    const secret = newSecret()
    const receiver = await startWebhookReceiver({ secrets: [secret] })
    const harness = await createHarness([webhookConfig({ id: 'benefits', url: receiver.url, secret, retry_schedule: ['20ms', '20ms'] })])
    cleanups.push(async () => {
      await harness.dispatcher.stop()
      await receiver.close()
      await harness.db.destroy()
    })
    return { receiver, harness }
  }
  const deliveryOf = (harness: Awaited<ReturnType<typeof setup>>['harness'], id: string) =>
    harness.db.selectFrom('deliveries').selectAll().where('message_id', '=', id).executeTakeFirstOrThrow()

  it('delivers once when the consumer answers 200 with 70 KB', async () => {
    const { receiver, harness } = await setup()
    receiver.script(() => ({ status: 200, body: 'ok'.repeat(35 * 1024) }))
    const [id] = await harness.emit([{ recordId: 'e1' }])
    await harness.dispatcher.drain()
    expect(receiver.received.map((r) => r.id)).toEqual([id])
    expect(await deliveryOf(harness, id!)).toMatchObject({ status: 'delivered', attempts: 1, last_error: null })
  })

  it('retries and fails when the consumer answers 500 with 70 KB', async () => {
    const { receiver, harness } = await setup()
    receiver.script(() => ({ status: 500, body: 'no'.repeat(35 * 1024) }))
    const [id] = await harness.emit([{ recordId: 'e1' }])
    await harness.dispatcher.drain()
    expect(receiver.received.map((r) => r.id)).toEqual([id, id, id])
    expect(await deliveryOf(harness, id!)).toMatchObject({ status: 'failed', attempts: 3, last_error: 'http_500' })
  })
})
