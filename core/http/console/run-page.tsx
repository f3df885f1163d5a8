import type { ApiRun } from './api-shapes.js'
import { consolePaths } from './console-paths.js'
import { errorWords } from './error-words.js'
import { formatTime } from './format-time.js'
import { Layout } from './layout.js'
import { RunCounts } from './run-counts.js'
import { StatusBadge } from './status-badge.js'
import type { Flash } from './session-store.js'
import type { Language, Texts } from './texts.js'

/**
 * One run ("Ophalen gegevens"): while it runs the page reloads itself every 2 s (a meta
 * refresh, so it works without JavaScript; the small script swaps that for polling the
 * status and reloads only once the run ended). When it ends: the counts per entity.
 */
export function RunPage(props: { t: Texts; language: Language; here: string; csrf: string; flash?: Flash; run: ApiRun }) {
  const { t, run } = props
  const running = run.status === 'running'
  return (
    <Layout
      t={t} title={`${t.run} ${formatTime(props.language, run.startedAt)}`} here={props.here} csrf={props.csrf} flash={props.flash}
      refreshSeconds={running ? 2 : undefined} script={running ? consolePaths.progressScript : undefined}
    >
      <section class="card" aria-labelledby="progress" data-run-status={running ? consolePaths.runStatus(run.id) : undefined}>
        <h2 id="progress">{t.status}</h2>
        <p aria-live="polite"><StatusBadge t={t} status={run.status} kind="run" /> {running ? t.running : null}</p>
        <dl class="facts">
          <dt>{t.connection}</dt><dd><a href={consolePaths.connection(run.connection)}>{run.connection}</a></dd>
          <dt>{t.started}</dt><dd>{formatTime(props.language, run.startedAt)}</dd>
          <dt>{t.finished}</dt><dd>{formatTime(props.language, run.finishedAt)}</dd>
          {run.error ? <><dt>{t.error}</dt><dd>{errorWords(props.language, run.error)}</dd></> : null}
        </dl>
      </section>
      <section class="card" aria-labelledby="counts">
        <h2 id="counts">{t.countsTitle}</h2>
        <RunCounts t={t} counts={run.counts} caption={t.run} />
      </section>
      <p><a href={consolePaths.connection(run.connection)}>{t.backToConnection}</a></p>
    </Layout>
  )
}
