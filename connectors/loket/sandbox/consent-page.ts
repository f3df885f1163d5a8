const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char)

/**
 * The consent screen, in Dutch like Loket's. Both buttons POST `request_id` and `decision`
 * (`allow` or `deny`) to `/authorize/decision`.
 */
export function consentPage(input: { clientId: string; requestId: string }): string {
  const form = (decision: 'allow' | 'deny', label: string): string => `
      <form method="post" action="/authorize/decision">
        <input type="hidden" name="request_id" value="${escapeHtml(input.requestId)}">
        <input type="hidden" name="decision" value="${decision}">
        <button type="submit" name="button" value="${decision}">${label}</button>
      </form>`
  return `<!doctype html>
<html lang="nl">
  <head><meta charset="utf-8"><title>Loket.nl (sandbox) - Toegang verlenen</title></head>
  <body>
    <h1>Loket.nl sandbox</h1>
    <p>De applicatie <strong>${escapeHtml(input.clientId)}</strong> vraagt toegang tot uw gegevens in Loket.nl
      (werkgevers, werknemers, dienstverbanden en salarisgegevens).</p>
    <p>Wilt u deze applicatie toegang geven?</p>${form('allow', 'Toestaan')}${form('deny', 'Weigeren')}
  </body>
</html>`
}
