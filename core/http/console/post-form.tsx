import type { Child } from 'hono/jsx'

/** A POST form with the session's CSRF token; every console form is one of these. */
export function PostForm(props: { action: string; csrf: string; class?: string; children?: Child }) {
  return (
    <form method="post" action={props.action} class={props.class}>
      <input type="hidden" name="_csrf" value={props.csrf} />
      {props.children}
    </form>
  )
}
