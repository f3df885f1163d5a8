import { Layout } from './layout.js'
import type { Texts } from './texts.js'

/** A page that only says something: not found, a refused form, an error. */
export function MessagePage(props: { t: Texts; here: string; csrf?: string; title: string; text: string; back?: { href: string; label: string } }) {
  return (
    <Layout t={props.t} title={props.title} here={props.here} csrf={props.csrf}>
      <section class="card">
        <p>{props.text}</p>
        {props.back ? <p><a href={props.back.href}>{props.back.label}</a></p> : null}
      </section>
    </Layout>
  )
}
