import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { checkImports, formatReport } from './import-graph.js'

const repoRoot = path.resolve(import.meta.dirname, '../..')

describe('import rules of the repository', () => {
  const report = checkImports(repoRoot)

  it('reads the whole tree and sees the SDK imports', () => {
    for (const file of ['gateway.ts', 'core/plugin-loader.ts', 'sdk/index.ts', 'connectors/index.ts', 'cli/run-cli.ts', 'config/load-config.ts', 'plugins/example-csv/index.ts']) {
      expect(report.files).toContain(file)
    }
    const viaSdk = report.edges.filter((edge) => edge.viaPackage && edge.to === 'sdk/index.ts').map((edge) => edge.from)
    expect(viaSdk).toContain('connectors/loket/index.ts')
    expect(viaSdk).toContain('plugins/example-csv/index.ts')
  })

  it('no file imports across the layering lines', () => {
    const lines = formatReport({ violations: report.violations, cycles: [] })
    expect(lines, `\n${lines.join('\n')}\n`).toEqual([])
  })

  it('no import cycle, type-only imports included', () => {
    const lines = formatReport({ violations: [], cycles: report.cycles })
    expect(lines, `\n${lines.join('\n')}\n`).toEqual([])
  })
})

describe('the import checker on a fixture tree', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'koppel-imports-'))
  afterAll(() => rmSync(root, { recursive: true, force: true }))
  const write = (file: string, text: string): void => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
    writeFileSync(path.join(root, file), text)
  }

  write('package.json', JSON.stringify({ name: 'koppel', exports: { './sdk': './sdk/index.ts', './sdk/testing': './sdk/testing.ts' } }))
  write('sdk/index.ts', "export { b } from '../core/b.js'\nexport { thing } from '../plugins/p/util.js'\n")
  write('sdk/testing.ts', "import { b } from './index.js'\nexport const t = b\n")
  // The cycle is a → b → a, with b's half type-only.
  write('core/a.ts', [
    "import { b } from './b.js'",
    "// import '../connectors/x/index.js' in a comment is not an import",
    "const text = \"import '../cli/run.js'\"",
    "export const a = async () => [b, text, await import('../plugins/p/util.js')]",
    '',
  ].join('\n'))
  write('core/b.ts', "import type { a } from './a.js'\nexport const b = 1\nexport type A = typeof a\n")
  write('connectors/index.ts', "export { default as x } from './x/index.js'\nexport { default as y } from './y/index.js'\n")
  write('connectors/shared.ts', "import { b } from 'koppel/sdk'\nexport const shared = b\n")
  write('connectors/x/settings.ts', "import { z } from 'zod'\nexport const settings = z.object({})\n")
  write('connectors/x/index.ts', [
    "import { readFileSync } from 'node:fs'",
    "import { b } from 'koppel/sdk'",
    "import { settings } from './settings.js'",
    "import { shared } from '../shared.js'",
    "import type { KoppelError } from '../../core/b.js'",
    "import { t } from 'koppel/sdk/testing'",
    'export default { readFileSync, b, settings, shared, t }',
    '',
  ].join('\n'))
  write('connectors/x/x.test.ts', "import { t } from 'koppel/sdk/testing'\nimport x from './index.js'\nexport const both = [t, x]\n")
  write('connectors/y/index.ts', "import { settings } from '../x/settings.js'\nimport { b } from '../../sdk/index.js'\nexport default { settings, b }\n")
  // The shared file engine: a connector may import it; it may not import a connector.
  write('connectors/files/engine.ts', "import { b } from 'koppel/sdk'\nimport { shared } from '../shared.js'\nimport { settings } from '../x/settings.js'\nexport const engine = [b, shared, settings]\n")
  write('connectors/z/index.ts', "import { engine } from '../files/engine.js'\nexport default engine\n")
  write('plugins/q/index.ts', "import { engine } from '../../connectors/files/engine.js'\nexport default engine\n")
  write('plugins/p/util.ts', "export const thing = 1\n")
  write('plugins/p/index.ts', "import { thing } from './util.js'\nimport { shared } from '../../connectors/shared.js'\nimport { hidden } from 'koppel/internal'\nexport default { thing, shared, hidden }\n")
  write('config/load.ts', "import type { Run } from '../cli/run.js'\nimport { b } from '../core/b.js'\nexport type Loaded = Run | typeof b\n")
  write('cli/run.ts', "import x from '../connectors/x/index.js'\nimport { a } from '../core/a.js'\nexport type Run = typeof x | typeof a\n")
  write('gateway.ts', "import type { Run } from './cli/run.js'\nexport type G = Run\n")
  write('tests/anything.test.ts', "import x from '../connectors/x/index.js'\nimport { a } from '../core/a.js'\nimport p from '../plugins/p/index.js'\nexport const all = [x, a, p]\n")

  it('reports exactly one violation per rule, and the cycle', () => {
    const connectorRule = 'connectors import only koppel/sdk, their own folder, the shared connectors/*.ts and connectors/files/'
    expect(formatReport(checkImports(root)).sort()).toEqual(
      [
        'config/load.ts: imports ../cli/run.js (config/ imports nothing from cli/)',
        `connectors/files/engine.ts: imports ../x/settings.js (${connectorRule})`,
        `connectors/x/index.ts: imports ../../core/b.js (${connectorRule})`,
        'connectors/x/index.ts: imports koppel/sdk/testing (koppel/sdk/testing is for test files only)',
        `connectors/y/index.ts: imports ../../sdk/index.js (${connectorRule}; reach the SDK through the package specifier koppel/sdk, not a relative path)`,
        `connectors/y/index.ts: imports ../x/settings.js (${connectorRule})`,
        'core/a.ts: imports ../plugins/p/util.js (core/ is the engine: it imports nothing from plugins/)',
        'cycle: core/a.ts → core/b.ts → core/a.ts',
        'plugins/p/index.ts: imports ../../connectors/shared.js (plugins import only koppel/sdk and their own folder)',
        'plugins/p/index.ts: imports koppel/internal (not an export of package.json)',
        'plugins/q/index.ts: imports ../../connectors/files/engine.js (plugins import only koppel/sdk and their own folder)',
        'sdk/index.ts: imports ../plugins/p/util.js (sdk/ imports nothing from plugins/)',
      ].sort(),
    )
  })

  it('marks type-only imports, and a type-only edge still closes a cycle', () => {
    const report = checkImports(root)
    const edge = (from: string, specifier: string) => report.edges.find((e) => e.from === from && e.specifier === specifier)
    expect(edge('core/b.ts', './a.js')).toMatchObject({ to: 'core/a.ts', typeOnly: true, viaPackage: false })
    expect(edge('core/a.ts', './b.js')).toMatchObject({ to: 'core/b.ts', typeOnly: false })
    expect(edge('core/a.ts', '../plugins/p/util.js')).toMatchObject({ to: 'plugins/p/util.ts', typeOnly: false })
    expect(edge('connectors/x/index.ts', 'koppel/sdk')).toMatchObject({ to: 'sdk/index.ts', viaPackage: true })
    expect(edge('connectors/x/settings.ts', 'zod')).toMatchObject({ to: undefined })
    expect(edge('connectors/x/index.ts', 'node:fs')).toMatchObject({ to: undefined })
  })
})
