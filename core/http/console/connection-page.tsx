import type { ApiCheckReport, ApiConnection, ApiMutation, ApiRun } from './api-shapes.js'
import { CheckReportView } from './check-report.js'
import { ConnectionFacts } from './connection-facts.js'
import { consolePaths } from './console-paths.js'
import { Layout } from './layout.js'
import { MutationList } from './mutation-list.js'
import { PostForm } from './post-form.js'
import { RunTable } from './run-table.js'
import type { Flash } from './session-store.js'
import type { Language, Texts } from './texts.js'

export interface ConnectionPageProps {
  t: Texts
  language: Language
  here: string
  csrf: string
  flash?: Flash
  connection: ApiConnection
  connectorName: string
  /** The connector authorizes with OAuth2 (consent screen and tokens). */
  oauth: boolean
  check?: ApiCheckReport
  runs: ApiRun[]
  mutations: ApiMutation[]
}

/** One koppeling: the guide's steps in its order (authorize, check, fetch), then what happened. */
export function ConnectionPage(props: ConnectionPageProps) {
  const { t, connection, csrf } = props
  const running = props.runs.find((run) => run.status === 'running')
  return (
    <Layout t={t} title={`${t.connection} ${connection.id}`} here={props.here} csrf={csrf} flash={props.flash}>
      <section class="card" aria-labelledby="facts">
        <h2 id="facts">{props.connectorName}</h2>
        <ConnectionFacts t={t} language={props.language} connection={connection} connectorName={props.connectorName} />
      </section>

      {props.oauth ? (
        <section class="card" aria-labelledby="auth">
          <h2 id="auth">{t.authorization}</h2>
          <p>{connection.authorized ? t.authorized : t.notAuthorized}</p>
          <PostForm action={consolePaths.authorize(connection.id)} csrf={csrf}>
            <button type="submit">{t.firstLogin}</button>
            <p class="help">{t.firstLoginHelp}</p>
          </PostForm>
          <details>
            <summary>{t.manualTokens}</summary>
            <p class="help">{t.manualTokensHelp}</p>
            <PostForm action={consolePaths.tokens(connection.id)} csrf={csrf}>
              <label for="accessToken">{t.accessToken}</label>
              <input type="password" id="accessToken" name="accessToken" autocomplete="off" required />
              <label for="refreshToken">{t.refreshToken}</label>
              <input type="password" id="refreshToken" name="refreshToken" autocomplete="off" required />
              <div><button type="submit" class="secondary">{t.save}</button></div>
            </PostForm>
          </details>
        </section>
      ) : null}

      <section class="card" aria-labelledby="check">
        <h2 id="check">{t.check}</h2>
        <p class="help">{t.checkHelp}</p>
        <PostForm action={consolePaths.check(connection.id)} csrf={csrf}>
          <button type="submit">{t.check}</button>
        </PostForm>
        {props.check ? <CheckReportView t={t} language={props.language} report={props.check} /> : null}
      </section>

      <section class="card" aria-labelledby="fetch">
        <h2 id="fetch">{t.fetch}</h2>
        <p class="help">{t.fetchHelp}</p>
        {running ? <p><a href={consolePaths.run(running.id)}>{t.running}</a></p> : null}
        <PostForm action={consolePaths.sync(connection.id)} csrf={csrf}>
          <button type="submit">{t.fetch}</button>
        </PostForm>
      </section>

      <section class="card" aria-labelledby="runs">
        <h2 id="runs">{t.runs}</h2>
        <RunTable t={t} language={props.language} runs={props.runs} />
      </section>

      <section class="card" aria-labelledby="mutations">
        <h2 id="mutations">{t.mutations}</h2>
        <MutationList t={t} mutations={props.mutations} empty={t.noMutations} />
      </section>
    </Layout>
  )
}
