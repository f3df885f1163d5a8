import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'
import { consolePaths } from './console-paths.js'
import { consoleStyle } from './console-style.js'
import type { Flash } from './session-store.js'
import type { Texts } from './texts.js'

export interface LayoutProps {
  t: Texts
  title: string
  /** The current path and query, for the language switch. */
  here: string
  /** The session's CSRF token; absent on the login page (no navigation, no logout). */
  csrf?: string
  flash?: Flash
  /** Without JavaScript: reload every this many seconds (a run in progress; `script` polls instead). */
  refreshSeconds?: number
  script?: string
  children?: Child
}

/** Every console page: skip link, header with navigation, language switch and "Uitloggen", one `<main>` with the `<h1>`. */
export function Layout(props: LayoutProps) {
  const { t } = props
  const switchHref = withLanguage(props.here, t.switchTo)
  return (
    <html lang={t.htmlLang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {props.refreshSeconds ? <noscript><meta http-equiv="refresh" content={String(props.refreshSeconds)} /></noscript> : null}
        <title>{`${props.title} · Koppel`}</title>
        {/* Raw: JSX would escape the quotes and `>` of the CSS, which HTML does not decode inside <style>. */}
        <style>{raw(consoleStyle)}</style>
        {props.script ? <script src={props.script} defer></script> : null}
      </head>
      <body>
        <a class="skip" href="#main">{t.skipToContent}</a>
        <header>
          <a class="brand" href={consolePaths.home}>Koppel</a>
          {props.csrf ? (
            <nav aria-label="Koppel">
              <ul>
                <li><a href={consolePaths.home}>{t.nav.connections}</a></li>
                <li><a href={consolePaths.release}>{t.nav.release}</a></li>
                <li><a href={consolePaths.webhooks}>{t.nav.webhooks}</a></li>
              </ul>
            </nav>
          ) : null}
          <a href={switchHref} hreflang={t.switchTo} lang={t.switchTo}>{t.switchLanguage}</a>
          {props.csrf ? (
            <form method="post" action={consolePaths.logout}>
              <input type="hidden" name="_csrf" value={props.csrf} />
              <button type="submit" class="link">{t.logout}</button>
            </form>
          ) : null}
        </header>
        <main id="main" tabindex={-1}>
          <h1>{props.title}</h1>
          {props.flash ? <p class={`flash ${props.flash.kind}`} role={props.flash.kind === 'error' ? 'alert' : 'status'}>{props.flash.text}</p> : null}
          {props.children}
        </main>
      </body>
    </html>
  )
}

function withLanguage(here: string, language: string): string {
  const url = new URL(here, 'http://console.local')
  url.searchParams.set('lang', language)
  return `${url.pathname}${url.search}`
}
