import type { PendingAction } from './login-page.js'
import { Layout } from './layout.js'
import { PostForm } from './post-form.js'
import type { Texts } from './texts.js'

/**
 * After a login that an expired session forced: the interrupted form again, filled in as it
 * was and with the new session's CSRF token. Nothing runs until the person confirms.
 */
export function ResumePage(props: { t: Texts; here: string; csrf: string; pending: PendingAction; back: string }) {
  const { t } = props
  const hidden = Object.entries(props.pending.fields).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((item) => ({ name, value: item })))
  return (
    <Layout t={t} title={t.resumeTitle} here={props.here} csrf={props.csrf}>
      <section class="card">
        <p>{t.resumeIntro}</p>
        <div class="actions">
          <PostForm action={props.pending.action} csrf={props.csrf}>
            {hidden.map((field) => <input type="hidden" name={field.name} value={field.value} />)}
            <button type="submit">{t.resume}</button>
          </PostForm>
          <a href={props.back}>{t.cancel}</a>
        </div>
      </section>
    </Layout>
  )
}
