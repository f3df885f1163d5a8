import { register } from 'node:module'

/**
 * The specifiers of the SDK (package.json `exports`), each mapped to this gateway's own file.
 * A plugin outside the repository has no copy of Koppel to resolve `koppel/sdk` from, and a
 * copy would be the wrong one anyway: the plugin must share the engine's modules (its
 * `KoppelError`, its zod) and speak its plugin API version.
 */
export const sdkSpecifiers: Readonly<Record<string, string>> = Object.freeze({
  'koppel/sdk': new URL('../sdk/index.ts', import.meta.url).href,
  'koppel/sdk/testing': new URL('../sdk/testing.ts', import.meta.url).href,
})

/**
 * Node's resolve hook, run on the loader thread (hence plain JavaScript in a data: URL: that
 * thread has no TypeScript). It rewrites the SDK specifiers and hands the rest on unchanged,
 * so tsx's own hooks (registered before, run after) still resolve and transpile the target.
 *
 * A `.ts` file outside node_modules that Node would load as CommonJS (no `"type": "module"`
 * above it, as in a plain plugin folder) is loaded as an ES module: plugins are ES modules,
 * and the CommonJS loader would bypass this hook and fail on `koppel/sdk`.
 */
const hookSource = `
let specifiers = {}
export function initialize(data) { specifiers = data.specifiers }
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifiers[specifier] ?? specifier, context)
  const typescript = resolved.url.startsWith('file:') && /\\.tsx?$/.test(new URL(resolved.url).pathname)
  if (resolved.format === 'commonjs' && typescript && !resolved.url.includes('/node_modules/')) return { ...resolved, format: 'module' }
  return resolved
}
`

let registered = false

/**
 * Makes `import … from 'koppel/sdk'` resolve to this gateway's SDK for every module loaded
 * after it, wherever the importing file lives. Idempotent; the plugin loader calls it before
 * the first plugin import. Code that vitest runs is resolved by vite, not by Node's hooks, so
 * there it changes nothing (the repository resolves `koppel/sdk` through package.json anyway).
 */
export function resolveSdkForPlugins(): void {
  if (registered) return
  register(`data:text/javascript,${encodeURIComponent(hookSource)}`, { data: { specifiers: { ...sdkSpecifiers } } })
  registered = true
}
