import { consolePaths } from './console-paths.js'
import { Layout } from './layout.js'
import type { Flash } from './session-store.js'
import type { Texts } from './texts.js'

/** A POST that arrived after its session expired, carried through the login so nothing is lost. */
export interface PendingAction {
  action: string
  fields: Record<string, string | string[]>
}

/** "Inloggen" with the admin token. The form's CSRF token is paired with a pre-login cookie. */
export function LoginPage(props: { t: Texts; here: string; csrf: string; next?: string; pending?: PendingAction; flash?: Flash }) {
  const { t } = props
  return (
    <Layout t={t} title={t.login} here={props.here} flash={props.flash}>
      <section class="card">
        <form method="post" action={consolePaths.login}>
          <input type="hidden" name="_csrf" value={props.csrf} />
          {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
          {props.pending ? <input type="hidden" name="pending" value={JSON.stringify(props.pending)} /> : null}
          <p>{t.loginIntro}</p>
          <label for="token">{t.adminToken}</label>
          <input type="password" id="token" name="token" autocomplete="current-password" required autofocus />
          <div><button type="submit">{t.login}</button></div>
        </form>
      </section>
    </Layout>
  )
}
