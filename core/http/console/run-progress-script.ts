/**
 * The one script of the console, a progressive enhancement of the run page: instead of the
 * meta refresh in `<noscript>` it polls the run's status and reloads once the run has ended. Without
 * JavaScript the meta refresh does the same, only coarser.
 */
export const runProgressScript = `(function () {
  var box = document.querySelector('[data-run-status]')
  if (!box) return
  var url = box.getAttribute('data-run-status')
  function poll() {
    fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : { status: 'unknown' } })
      .then(function (run) { if (run.status === 'running') setTimeout(poll, 1000); else location.reload() })
      .catch(function () { setTimeout(poll, 3000) })
  }
  setTimeout(poll, 1000)
})()
`
