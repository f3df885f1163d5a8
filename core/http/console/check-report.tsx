import type { ApiCheckReport } from './api-shapes.js'
import { errorWords } from './error-words.js'
import type { Language, Texts } from './texts.js'

/** The connector's check, per employer: each missing right named in the payroll system's own (Dutch) words. */
export function CheckReportView(props: { t: Texts; language: Language; report: ApiCheckReport }) {
  const { t, report } = props
  return (
    <div role="status">
      {report.ok ? <p class="flash ok">{t.checkOk}</p> : report.credentials.ok ? <p class="flash error">{t.checkFailed}</p> : null}
      {!report.credentials.ok ? <p class="flash error">{t.checkCredentialsFailed}: {errorWords(props.language, report.credentials.error)}</p> : null}
      {report.credentials.ok ? (
        <ul class="plain">
          {report.employers.map((finding) => (
            <li>
              <strong>{t.employer} {finding.employer}</strong>: {finding.ok && finding.missing.length === 0 ? t.checkEmployerOk : null}
              {finding.error ? <span> {errorWords(props.language, finding.error)}</span> : null}
              {finding.missing.length > 0 ? (
                <>
                  {' '}{t.checkMissing}:
                  <ul class="plain">{finding.missing.map((right) => <li>{right}</li>)}</ul>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}
