import type { ApiMutation } from './api-shapes.js'
import { consolePaths } from './console-paths.js'
import { Layout } from './layout.js'
import { MutationList } from './mutation-list.js'
import { PostForm } from './post-form.js'
import type { Flash } from './session-store.js'
import type { Texts } from './texts.js'

export interface HeldGroup {
  webhookId: string
  /**
   * Held mutations per employer, oldest first: the source's employer id, and the employer's
   * number and name from its stored record when there is one (people know their employer by
   * number, not by an API GUID).
   */
  employers: Array<{ employerId: string; number: string | null; name: string | null; mutations: ApiMutation[] }>
}

/** "Verzenden": per subscription and employer, the changes waiting for release (masked), each group with its button. */
export function ReleasePage(props: { t: Texts; here: string; csrf: string; flash?: Flash; groups: HeldGroup[] }) {
  const { t, csrf } = props
  const held = props.groups.filter((group) => group.employers.length > 0)
  return (
    <Layout t={t} title={t.release} here={props.here} csrf={csrf} flash={props.flash}>
      <p class="help">{t.releaseIntro}</p>
      {held.length === 0 ? <section class="card"><p>{t.nothingHeld}</p></section> : null}
      {held.map((group) => (
        <section class="card" aria-labelledby={`h-${group.webhookId}`}>
          <h2 id={`h-${group.webhookId}`}>{t.subscription} {group.webhookId}</h2>
          {group.employers.map((employer) => (
            <>
              <h3>{t.employer} <code>{employer.number ?? employer.employerId}</code>{employer.name ? ` ${employer.name}` : ''} ({employer.mutations.length})</h3>
              <MutationList t={t} mutations={employer.mutations} empty={t.nothingHeld} />
              <PostForm action={consolePaths.releaseWebhook(group.webhookId)} csrf={csrf}>
                {employer.mutations.map((mutation) => <input type="hidden" name="mutationId" value={mutation.id} />)}
                <button type="submit" aria-label={`${t.releaseAll}: ${t.employer} ${employer.number ?? employer.employerId}`}>{t.releaseAll}</button>
              </PostForm>
            </>
          ))}
        </section>
      ))}
    </Layout>
  )
}
