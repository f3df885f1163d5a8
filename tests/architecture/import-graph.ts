import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

/**
 * The import rules of the house (DESIGN.md §1–§2, STYLE.md §1 and §6), checked on the source
 * text: which folder may import which. Built on the TypeScript parser rather than a regex so
 * that `import type`, `export … from`, `import('…')` and `typeof import('…')` are all seen and
 * nothing inside a string or comment is.
 */

/** One import as written in a file. */
export interface ImportEdge {
  /** Importing file, relative to the root, with `/` separators. */
  from: string
  /** The specifier as written. */
  specifier: string
  /** The file of ours it resolves to (relative to the root); undefined for packages and `node:`. */
  to: string | undefined
  /** True when it came through a package specifier (`koppel/sdk`) rather than a relative path. */
  viaPackage: boolean
  /** `import type`, `export type … from` or `import('…')` in a type position. */
  typeOnly: boolean
}

export interface Violation {
  file: string
  specifier: string
  rule: string
}

export interface ImportReport {
  files: string[]
  edges: ImportEdge[]
  violations: Violation[]
  /** Each cycle as a closed path of files: `[a, b, a]`. */
  cycles: string[][]
}

/** The folders (and files) the rules speak about; `tests/` and `*.test.ts` files are test code. */
export const sourceRoots = ['core', 'sdk', 'connectors', 'plugins', 'cli', 'config', 'bench', 'gateway.ts']
const skippedFolders = new Set(['node_modules', '.git', 'fixtures'])

/**
 * Reads every `.ts` file under the source roots and `tests/` of `root`, resolves each import
 * and applies the rules. Type-only imports count everywhere, cycles included: a type cycle
 * still means two modules each know the other, and the fix (move the shared type to where it
 * belongs) is the same.
 */
export function checkImports(root: string): ImportReport {
  const packageMap = readPackageExports(root)
  const files = [...sourceRoots, 'tests'].flatMap((entry) => listTsFiles(root, entry))
  const edges = files.flatMap((file) => importsOf(root, file, packageMap))
  const violations = edges.flatMap((edge) => {
    const rule = brokenRule(edge)
    return rule === undefined ? [] : [{ file: edge.from, specifier: edge.specifier, rule }]
  })
  return { files, edges, violations, cycles: findCycles(files, edges) }
}

/** `file: imports X (rule)` and `cycle: a → b → a`, one line each. */
export function formatReport(report: Pick<ImportReport, 'violations' | 'cycles'>): string[] {
  return [
    ...report.violations.map((v) => `${v.file}: imports ${v.specifier} (${v.rule})`),
    ...report.cycles.map((cycle) => `cycle: ${cycle.join(' → ')}`),
  ]
}

/** `koppel/sdk` → `sdk/index.ts`, from the root package.json's `name` and `exports`. */
function readPackageExports(root: string): Map<string, string> {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name?: string; exports?: Record<string, string> }
  const map = new Map<string, string>()
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    if (typeof target !== 'string' || manifest.name === undefined) continue
    map.set(path.posix.join(manifest.name, subpath), path.posix.normalize(target))
  }
  return map
}

const isSource = (name: string): boolean => name.endsWith('.ts') || name.endsWith('.tsx')

function listTsFiles(root: string, entry: string): string[] {
  const full = path.join(root, entry)
  if (!existsSync(full)) return []
  if (!statSync(full).isDirectory()) return isSource(entry) ? [toPosix(entry)] : []
  return readdirSync(full, { withFileTypes: true })
    .filter((child) => !skippedFolders.has(child.name))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((child) => (child.isDirectory() || isSource(child.name) ? listTsFiles(root, path.join(entry, child.name)) : []))
    .filter((file) => !file.endsWith('.d.ts'))
}

function importsOf(root: string, file: string, packageMap: Map<string, string>): ImportEdge[] {
  const text = readFileSync(path.join(root, file), 'utf8')
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
  const found: Array<{ specifier: string; typeOnly: boolean }> = []
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause
      const typeOnly = clause !== undefined && (clause.isTypeOnly || allNamedTypeOnly(clause))
      found.push({ specifier: node.moduleSpecifier.text, typeOnly })
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly })
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      found.push({ specifier: node.moduleReference.expression.text, typeOnly: node.isTypeOnly })
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments
      if (argument !== undefined && ts.isStringLiteralLike(argument)) found.push({ specifier: argument.text, typeOnly: false })
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true })
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found.map(({ specifier, typeOnly }) => ({ from: file, specifier, typeOnly, ...resolveSpecifier(root, file, specifier, packageMap) }))
}

/** `import { type A, type B } from` is as type-only as `import type { A, B } from`. */
function allNamedTypeOnly(clause: ts.ImportClause): boolean {
  const bindings = clause.namedBindings
  return clause.name === undefined && bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((element) => element.isTypeOnly)
}

function resolveSpecifier(root: string, file: string, specifier: string, packageMap: Map<string, string>): { to: string | undefined; viaPackage: boolean } {
  const packaged = packageMap.get(specifier)
  if (packaged !== undefined) return { to: packaged, viaPackage: true }
  const ownName = [...packageMap.keys()][0]?.split('/')[0]
  if (ownName !== undefined && (specifier === ownName || specifier.startsWith(`${ownName}/`))) {
    // A subpath of our own package that package.json does not export: name it, so the rules
    // flag it instead of skipping it as somebody else's package.
    return { to: `<undeclared ${specifier}>`, viaPackage: true }
  }
  if (!specifier.startsWith('.') && !specifier.startsWith('/')) return { to: undefined, viaPackage: false }
  const base = path.resolve(path.dirname(path.join(root, file)), specifier)
  const candidates = [base, base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), base.replace(/\.mjs$/, '.mts'), `${base}.ts`, path.join(base, 'index.ts')]
  const hit = candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile()) ?? base
  return { to: toPosix(path.relative(root, hit)), viaPackage: false }
}

type Area = 'core' | 'sdk' | 'connectors' | 'plugins' | 'cli' | 'config' | 'bench' | 'gateway' | 'tests' | 'other'

function areaOf(file: string): Area {
  if (file === 'gateway.ts') return 'gateway'
  const top = file.split('/')[0]
  switch (top) {
    case 'core':
    case 'sdk':
    case 'connectors':
    case 'plugins':
    case 'cli':
    case 'config':
    case 'bench':
    case 'tests':
      return top
    default:
      return 'other'
  }
}

const isTestFile = (file: string): boolean => areaOf(file) === 'tests' || file.endsWith('.test.ts')

/** `connectors/loket/client.ts` → `connectors/loket`; a shared file directly under connectors/ → `connectors`. */
function folderOf(file: string): string {
  const parts = file.split('/')
  return parts.length > 2 ? parts.slice(0, 2).join('/') : parts[0] ?? file
}

/** The rule an import breaks, phrased for the report; undefined when it is allowed. */
function brokenRule(edge: ImportEdge): string | undefined {
  const { from, to } = edge
  if (to === undefined) return undefined
  if (to.startsWith('<undeclared')) return 'not an export of package.json'
  const source = areaOf(from)
  const target = areaOf(to)
  if (isTestFile(from) && source !== 'connectors' && source !== 'plugins') return undefined

  switch (source) {
    case 'core':
      if (['connectors', 'plugins', 'cli', 'gateway', 'bench', 'tests'].includes(target)) return `core/ is the engine: it imports nothing from ${describe(target)}`
      return undefined
    case 'sdk':
      if (['connectors', 'plugins', 'cli', 'gateway', 'bench', 'tests'].includes(target)) return `sdk/ imports nothing from ${describe(target)}`
      return undefined
    case 'config':
      if (['connectors', 'plugins', 'cli', 'gateway', 'bench', 'tests'].includes(target)) return `config/ imports nothing from ${describe(target)}`
      return undefined
    case 'connectors':
    case 'plugins':
      return extensionRule(edge, source)
    default:
      return undefined
  }
}

/** A folder under `connectors/` that is no connector but an engine several connectors share (the file connectors'). */
export const sharedConnectorFolders = new Set(['connectors/files'])

/**
 * Connectors and plugins see Koppel only through `koppel/sdk` (`koppel/sdk/testing` from test
 * files). A connector may also import its own folder, the shared files directly under
 * `connectors/` and the shared engine folders (`connectors/files/`, which itself imports only
 * the SDK, its own folder and the shared files); those shared files (the list in
 * `connectors/index.ts`, `define-stub.ts`) may import any connector. A plugin may import only
 * inside its own folder.
 */
function extensionRule(edge: ImportEdge, source: 'connectors' | 'plugins'): string | undefined {
  const to = edge.to as string
  const sdkOnly = source === 'connectors' ? 'connectors import only koppel/sdk, their own folder, the shared connectors/*.ts and connectors/files/' : 'plugins import only koppel/sdk and their own folder'
  if (edge.viaPackage) {
    if (to === 'sdk/index.ts') return undefined
    if (to === 'sdk/testing.ts') return isTestFile(edge.from) ? undefined : 'koppel/sdk/testing is for test files only'
    return sdkOnly
  }
  if (areaOf(to) === 'sdk') return `${sdkOnly}; reach the SDK through the package specifier koppel/sdk, not a relative path`
  const own = folderOf(edge.from)
  const target = folderOf(to)
  if (source === 'plugins') return target === own && own !== 'plugins' ? undefined : sdkOnly
  if (areaOf(to) !== 'connectors') return sdkOnly
  if (target === own || target === 'connectors' || own === 'connectors') return undefined
  if (sharedConnectorFolders.has(target) && !sharedConnectorFolders.has(own)) return undefined
  return sdkOnly
}

function describe(area: Area): string {
  return area === 'gateway' ? 'gateway.ts' : `${area}/`
}

/**
 * One cycle per strongly connected group of files (Tarjan), as the shortest closed path
 * through the group's first file. Enumerating every elementary cycle can explode; one path per
 * group is enough to see what to untangle, and the group shrinks as each is fixed.
 */
export function findCycles(files: string[], edges: ImportEdge[]): string[][] {
  const known = new Set(files)
  const next = new Map<string, string[]>(files.map((file) => [file, []]))
  for (const edge of edges) {
    if (edge.to !== undefined && known.has(edge.to) && !next.get(edge.from)?.includes(edge.to)) next.get(edge.from)?.push(edge.to)
  }
  const cycles: string[][] = []
  for (const group of stronglyConnected(files, next)) {
    const start = [...group].sort()[0] as string
    const selfLoop = next.get(start)?.includes(start) ?? false
    if (group.size === 1 && !selfLoop) continue
    cycles.push(selfLoop ? [start, start] : shortestCycle(start, group, next))
  }
  return cycles.sort((a, b) => (a[0] as string).localeCompare(b[0] as string))
}

function stronglyConnected(files: string[], next: Map<string, string[]>): Array<Set<string>> {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const groups: Array<Set<string>> = []
  let counter = 0
  // Iterative, so a long import chain cannot overflow the call stack.
  for (const root of files) {
    if (index.has(root)) continue
    const work: Array<{ node: string; child: number }> = [{ node: root, child: 0 }]
    index.set(root, counter)
    low.set(root, counter++)
    stack.push(root)
    onStack.add(root)
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: string; child: number }
      const children = next.get(frame.node) ?? []
      if (frame.child < children.length) {
        const child = children[frame.child++] as string
        if (!index.has(child)) {
          index.set(child, counter)
          low.set(child, counter++)
          stack.push(child)
          onStack.add(child)
          work.push({ node: child, child: 0 })
        } else if (onStack.has(child)) {
          low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(child) as number))
        }
        continue
      }
      work.pop()
      const parent = work[work.length - 1]
      if (parent !== undefined) low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(frame.node) as number))
      if (low.get(frame.node) === index.get(frame.node)) {
        const group = new Set<string>()
        let member: string
        do {
          member = stack.pop() as string
          onStack.delete(member)
          group.add(member)
        } while (member !== frame.node)
        groups.push(group)
      }
    }
  }
  return groups
}

function shortestCycle(start: string, group: Set<string>, next: Map<string, string[]>): string[] {
  const cameFrom = new Map<string, string>()
  const queue = [start]
  while (queue.length > 0) {
    const node = queue.shift() as string
    for (const child of next.get(node) ?? []) {
      if (!group.has(child)) continue
      if (child === start) {
        const chain: string[] = []
        for (let at: string | undefined = node; at !== undefined && at !== start; at = cameFrom.get(at)) chain.unshift(at)
        return [start, ...chain, start]
      }
      if (!cameFrom.has(child)) {
        cameFrom.set(child, node)
        queue.push(child)
      }
    }
  }
  return [start, start]
}

const toPosix = (file: string): string => file.split(path.sep).join('/')
