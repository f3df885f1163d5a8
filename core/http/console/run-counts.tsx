import type { Texts } from './texts.js'

const columns = ['fetched', 'created', 'updated', 'deleted', 'unchanged', 'invalid'] as const

/** A run's counts per entity (only the entities it touched), as a table. */
export function RunCounts(props: { t: Texts; counts: Record<string, Record<string, number>>; caption: string }) {
  const rows = Object.entries(props.counts).filter(([, counts]) => columns.some((column) => (counts[column] ?? 0) > 0))
  if (rows.length === 0) return <p>{props.t.noCounts}</p>
  return (
    <div class="scroll">
      <table>
        <caption class="skip">{props.caption}</caption>
        <thead>
          <tr><th scope="col">{props.t.entity}</th>{columns.map((column) => <th scope="col">{props.t.counts[column]}</th>)}</tr>
        </thead>
        <tbody>
          {rows.map(([entity, counts]) => (
            <tr><th scope="row">{entity}</th>{columns.map((column) => <td>{counts[column] ?? 0}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
