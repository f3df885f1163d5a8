import type { ApiMutation } from './api-shapes.js'
import { maskValue } from './mask-value.js'
import type { Texts } from './texts.js'

/** Mutations with their changed fields; personal values masked (mask-value.ts), never shown in full. */
export function MutationList(props: { t: Texts; mutations: ApiMutation[]; empty: string }) {
  const { t } = props
  if (props.mutations.length === 0) return <p>{props.empty}</p>
  return (
    <>
      <p class="help">{t.masked}</p>
      <div class="scroll">
        <table>
          <thead>
            <tr><th scope="col">#</th><th scope="col">{t.entity}</th><th scope="col">{t.operation}</th><th scope="col">{t.changes}</th></tr>
          </thead>
          <tbody>
            {props.mutations.map((mutation) => (
              <tr>
                <td>{mutation.sequence}</td>
                <td>{mutation.entity}<br /><code>{mutation.recordId}</code></td>
                <td>{t.operations[mutation.operation] ?? mutation.operation}</td>
                <td>
                  {mutation.changes.length === 0 ? '—' : (
                    <ul class="plain">
                      {mutation.changes.slice(0, 12).map((change) => (
                        <li><code>{change.path}</code>: {maskValue(change.path, change.before)} → {maskValue(change.path, change.after)}</li>
                      ))}
                      {mutation.changes.length > 12 ? <li>… +{mutation.changes.length - 12}</li> : null}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
