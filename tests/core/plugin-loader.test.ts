import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { builtinConnectors } from '../../connectors/index.js'
import { buildRegistry, loadPlugins } from '../../core/plugin-loader.js'

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/plugins')
const repoRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..')

async function loadError(spec: string): Promise<{ code?: string; message: string }> {
  try {
    await loadPlugins([spec], fixtures)
  } catch (error) {
    return error as { code?: string; message: string }
  }
  throw new Error(`expected ${spec} to fail`)
}

describe('loadPlugins', () => {
  it('loads a TypeScript plugin folder through its index.ts', async () => {
    const [loaded, ...rest] = await loadPlugins(['./good'], fixtures)
    expect(rest).toEqual([])
    expect(loaded?.spec).toBe('./good')
    expect(loaded?.plugin.name).toBe('fixture-good')
    expect(loaded?.plugin.connectors.map((connector) => connector.id)).toEqual(['fixture-good'])
  })

  it('loads a folder through package.json main, and a file path', async () => {
    const loaded = await loadPlugins(['./package-main', path.join(fixtures, 'good/index.ts')], fixtures)
    expect(loaded.map((entry) => entry.plugin.name)).toEqual(['fixture-package-main', 'fixture-good'])
  })

  it('reports a path that does not exist', async () => {
    const error = await loadError('./nowhere')
    expect(error.code).toBe('plugin_invalid')
    expect(error.message).toBe(`plugin "./nowhere": nothing found at ${path.join(fixtures, 'nowhere')}`)
  })

  it('reports a folder without an entry file', async () => {
    expect((await loadError('./empty-folder')).message).toMatch(/^plugin "\.\/empty-folder": folder .* has no index\.ts or index\.js$/)
  })

  it('reports a plugin that throws at import, with the cause', async () => {
    const error = await loadError('./throws-at-import')
    expect(error).toMatchObject({ code: 'plugin_invalid', cause: expect.any(Error) })
    expect(error.message).toBe('plugin "./throws-at-import": failed to import: boom while importing the plugin')
  })

  it('reports a package that cannot be found', async () => {
    const error = await loadError('koppel-plugin-that-does-not-exist')
    expect(error.code).toBe('plugin_invalid')
    expect(error.message).toMatch(/^plugin "koppel-plugin-that-does-not-exist": failed to import: /)
  })

  it('reports a module without a default export', async () => {
    expect((await loadError('./no-default')).message).toBe(
      'plugin "./no-default": has no default export (export default definePlugin({ name, connectors }))',
    )
  })

  it('reports a default export that is not a plugin', async () => {
    expect((await loadError('./not-a-plugin')).message).toBe('plugin "./not-a-plugin": default export is not a plugin made with definePlugin')
  })

  it('reports every problem of a malformed connector', async () => {
    const error = await loadError('./malformed-connector')
    expect(error.code).toBe('plugin_invalid')
    expect(error.message).toMatch(/^plugin "\.\/malformed-connector": connector "Bad_Id": /)
    for (const problem of ['must be kebab-case', 'apiVersion 99 is newer', 'settings must be a zod schema', 'auth.endpoints(settings) is required', 'fetch must be a function']) {
      expect(error.message).toContain(problem)
    }
  })
})

describe('buildRegistry', () => {
  it('holds the 13 built-ins followed by plugin connectors', async () => {
    const registry = await buildRegistry(builtinConnectors, ['./plugins/example-csv'], repoRoot)
    const ids = registry.list().map((connector) => connector.id)
    expect(ids).toHaveLength(14)
    expect(ids[0]).toBe('loket')
    expect(ids.at(-1)).toBe('example-csv')
    expect(registry.get('example-csv')?.status).toBe('beta')
  })

  it('refuses a plugin that reuses a built-in id', async () => {
    await expect(buildRegistry(builtinConnectors, ['./duplicate-id'], fixtures)).rejects.toMatchObject({
      code: 'plugin_invalid',
      message: 'duplicate connector id "afas" (from plugin ./duplicate-id): already registered by a built-in connector',
    })
  })
})
