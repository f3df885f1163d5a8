import type { ApiDelivery, ApiWebhook } from './api-shapes.js'
import { consolePaths } from './console-paths.js'
import { formatTime } from './format-time.js'
import { Layout } from './layout.js'
import { PostForm } from './post-form.js'
import { safeUrl } from './safe-url.js'
import type { Flash } from './session-store.js'
import type { Language, Texts } from './texts.js'

/** The dispatcher's error class (`http_500`, `timeout`, …) in words. */
function deliveryError(t: Texts, error: string | null): string {
  if (!error) return '—'
  const status = /^http_(\d{3})$/.exec(error)?.[1]
  if (status) return `${t.receiverAnswered(status)} (${error})`
  if (/timeout/i.test(error)) return `${t.receiverTimeout} (${error})`
  if (/refused|reset|dns|network|connect/i.test(error)) return `${t.receiverUnreachable} (${error})`
  return error
}

const healthOrder = ['delivered', 'pending', 'delivering', 'failed', 'refused'] as const

/** Webhook subscriptions: their delivery health and the failed deliveries, each with "Opnieuw versturen". */
export function WebhooksPage(props: { t: Texts; language: Language; here: string; csrf: string; flash?: Flash; webhooks: Array<{ webhook: ApiWebhook; failed: ApiDelivery[] }> }) {
  const { t, csrf } = props
  return (
    <Layout t={t} title={t.webhooks} here={props.here} csrf={csrf} flash={props.flash}>
      {props.webhooks.length === 0 ? <p>{t.noWebhooks}</p> : null}
      {props.webhooks.map(({ webhook, failed }) => {
        const replayable = failed.filter((delivery) => delivery.sequence !== null)
        return (
          <section class="card" aria-labelledby={`w-${webhook.id}`}>
            <h2 id={`w-${webhook.id}`}>{t.subscription} {webhook.id}</h2>
            <dl class="facts">
              <dt>{t.address}</dt><dd><code>{safeUrl(webhook.url)}</code></dd>
              <dt>{t.status}</dt>
              <dd>{webhook.status === 'disabled' || !webhook.enabled ? `${t.subscriptionDisabled}${webhook.disabledReason ? ` (${webhook.disabledReason})` : ''}` : t.subscriptionEnabled}</dd>
              <dt>{t.health}</dt>
              <dd>{healthOrder.map((status) => `${t.deliveryStatuses[status]}: ${webhook.counts[status] ?? 0}`).join(' · ')}</dd>
            </dl>
            <h3>{t.failedDeliveries}</h3>
            {failed.length === 0 ? <p>{t.noFailed}</p> : (
              <>
                <ul class="items">
                  {failed.map((delivery) => (
                    <li>
                      <strong>{delivery.type}</strong>{delivery.sequence === null ? null : ` · #${delivery.sequence}`}
                      <div class="meta">{formatTime(props.language, delivery.createdAt)} · {t.attempts}: {delivery.attempts}</div>
                      <div>{t.lastError}: {deliveryError(t, delivery.lastError)}</div>
                      {delivery.sequence === null ? <div class="meta">{t.notReplayable}</div> : (
                        <PostForm action={consolePaths.replay(webhook.id)} csrf={csrf}>
                          <input type="hidden" name="mutationId" value={delivery.messageId} />
                          <button type="submit" class="secondary" aria-label={`${t.replay}: ${delivery.type} #${delivery.sequence}`}>{t.replay}</button>
                        </PostForm>
                      )}
                    </li>
                  ))}
                </ul>
                {replayable.length > 1 ? (
                  <PostForm action={consolePaths.replay(webhook.id)} csrf={csrf}>
                    {replayable.map((delivery) => <input type="hidden" name="mutationId" value={delivery.messageId} />)}
                    <button type="submit">{t.replay} ({replayable.length})</button>
                  </PostForm>
                ) : null}
              </>
            )}
          </section>
        )
      })}
    </Layout>
  )
}
