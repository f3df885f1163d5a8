import type { ApiRun } from './api-shapes.js'
import { consolePaths } from './console-paths.js'
import { errorWords } from './error-words.js'
import { formatTime } from './format-time.js'
import { StatusBadge } from './status-badge.js'
import type { Language, Texts } from './texts.js'

const total = (run: ApiRun, key: string) => Object.values(run.counts).reduce((sum, counts) => sum + (counts[key] ?? 0), 0)

/** The last runs: when, how it ended, what changed, and any error in plain words. */
export function RunTable(props: { t: Texts; language: Language; runs: ApiRun[] }) {
  const { t } = props
  if (props.runs.length === 0) return <p>{t.noRuns}</p>
  return (
    <div class="scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">{t.started}</th><th scope="col">{t.status}</th>
            <th scope="col">{t.counts.created}</th><th scope="col">{t.counts.updated}</th><th scope="col">{t.counts.deleted}</th>
            <th scope="col">{t.error}</th>
          </tr>
        </thead>
        <tbody>
          {props.runs.map((run) => (
            <tr>
              <td><a href={consolePaths.run(run.id)}>{formatTime(props.language, run.startedAt)}</a></td>
              <td><StatusBadge t={t} status={run.status} kind="run" /></td>
              <td>{total(run, 'created')}</td><td>{total(run, 'updated')}</td><td>{total(run, 'deleted')}</td>
              <td>{run.error ? errorWords(props.language, run.error) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
