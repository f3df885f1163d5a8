import type { ApiRun } from './api-shapes.js'
import { consolePaths } from './console-paths.js'
import { errorWords } from './error-words.js'
import { formatTime } from './format-time.js'
import { StatusBadge } from './status-badge.js'
import type { Language, Texts } from './texts.js'

const total = (run: ApiRun, key: string) => Object.values(run.counts).reduce((sum, counts) => sum + (counts[key] ?? 0), 0)

/** The last runs, one line each: when, how it ended, what changed, and any error in plain words. */
export function RunTable(props: { t: Texts; language: Language; runs: ApiRun[] }) {
  const { t } = props
  if (props.runs.length === 0) return <p>{t.noRuns}</p>
  return (
    <ul class="items">
      {props.runs.map((run) => (
        <li>
          <a href={consolePaths.run(run.id)}>{formatTime(props.language, run.startedAt)}</a> <StatusBadge t={t} status={run.status} kind="run" />
          <div class="meta">
            {(['created', 'updated', 'deleted'] as const).map((key) => `${t.counts[key]}: ${total(run, key)}`).join(' · ')}
          </div>
          {run.error ? <div>{errorWords(props.language, run.error)}</div> : null}
        </li>
      ))}
    </ul>
  )
}
