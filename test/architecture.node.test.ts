import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

/**
 * The import rules of docs/architecture.md, checked on the real source:
 * web → contracts, and the Worker's `AppType` (type only); workers → db, contracts; render-node → contracts;
 * db and contracts → nothing of ours. No SQL outside db/ (Worker code imports neither drizzle-orm nor
 * db/schema values). No import circles among runtime imports.
 */
const root = path.resolve(import.meta.dirname, '..')
const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '*.ts', '*.tsx'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((f) => f && !f.endsWith('.d.ts') && existsSync(path.join(root, f)))

type Edge = { from: string; to: string; spec: string; typeOnly: boolean }

function importsOf(file: string): Edge[] {
  const text = readFileSync(path.join(root, file), 'utf8')
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
  const out: { spec: string; typeOnly: boolean }[] = []
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)))
      out.push({ spec: node.moduleSpecifier.text, typeOnly })
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined
      out.push({ spec: node.moduleSpecifier.text, typeOnly: node.isTypeOnly || (!!named && named.length > 0 && named.every((e) => e.isTypeOnly)) })
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      out.push({ spec: node.arguments[0].text, typeOnly: false })
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      out.push({ spec: node.argument.literal.text, typeOnly: true })
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return out.map(({ spec, typeOnly }) => ({ from: file, to: resolve(file, spec), spec, typeOnly }))
}

/** A relative import's file (relative to the repo), or the package name for bare imports. */
function resolve(from: string, spec: string): string {
  if (!spec.startsWith('.')) return spec
  const base = path.relative(root, path.resolve(root, path.dirname(from), spec))
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`]) {
    if (existsSync(path.join(root, candidate)) && !candidate.endsWith('/') && /\.(ts|tsx|json)$/.test(candidate)) return candidate
  }
  return base
}

const edges = files.flatMap(importsOf)
const isTest = (f: string) => /\.test\.tsx?$/.test(f) || f.startsWith('workers/test/') || f.includes('/test-kit')
const ours = (to: string) => /^(workers|web|render-node|db|contracts|scripts|bench|test)\//.test(to)
const area = (f: string) => f.split('/')[0]

describe('architecture', () => {
  it('reads the source of every part', () => {
    for (const part of ['workers/src/app.ts', 'web/src/main.tsx', 'render-node/src/server.ts', 'db/schema/index.ts', 'contracts/messages.ts']) {
      expect(files).toContain(part)
    }
    expect(edges.length).toBeGreaterThan(500)
  })

  it('keeps imports one way between the parts', () => {
    const allowed: Record<string, (e: Edge) => boolean> = {
      web: (e) => ['web', 'contracts'].includes(area(e.to)) || (e.typeOnly && e.to === 'workers/src/app.ts'),
      workers: (e) => ['workers', 'db', 'contracts'].includes(area(e.to)) || (isTest(e.from) && area(e.to) === 'test'),
      'render-node': (e) => ['render-node', 'contracts'].includes(area(e.to)),
      db: (e) => area(e.to) === 'db' || (isTest(e.from) && ['test', 'scripts'].includes(area(e.to))),
      contracts: (e) => area(e.to) === 'contracts',
    }
    const broken = edges
      .filter((e) => ours(e.to) && allowed[area(e.from)] && !(area(e.from) === 'render-node' && isTest(e.from) && area(e.to) !== 'workers'))
      .filter((e) => !allowed[area(e.from)](e))
      .map((e) => `${e.from} → ${e.spec}`)
    expect(broken).toEqual([])
  })

  it('keeps all SQL in db/: Worker code imports neither drizzle-orm nor db/schema values', () => {
    const sqlOutsideDb = edges
      .filter((e) => area(e.from) === 'workers' && !isTest(e.from) && e.from !== 'workers/src/db.ts')
      .filter((e) => e.to === 'drizzle-orm' || e.to.startsWith('drizzle-orm/') || (!e.typeOnly && e.to.startsWith('db/schema')))
      .map((e) => `${e.from} → ${e.spec}`)
    expect(sqlOutsideDb).toEqual([])
  })

  it('calls the API from the web app only through the typed client', () => {
    const untyped = files
      .filter((f) => f.startsWith('web/src/') && f !== 'web/src/lib/api-client.ts')
      .filter((f) => /fetch\(\s*[`'"]\/api|\bapi<|\bapi\(\s*[`'"]\/api/.test(readFileSync(path.join(root, f), 'utf8')))
    expect(untyped).toEqual([])
  })

  it('has no import circles among runtime imports', () => {
    const graph = new Map<string, string[]>()
    for (const e of edges) if (!e.typeOnly && ours(e.to) && files.includes(e.to)) graph.set(e.from, [...(graph.get(e.from) ?? []), e.to])
    // Tarjan's strongly connected components: any component of more than one file is a circle.
    let index = 0
    const idx = new Map<string, number>()
    const low = new Map<string, number>()
    const stack: string[] = []
    const onStack = new Set<string>()
    const circles: string[][] = []
    const strong = (v: string) => {
      idx.set(v, index)
      low.set(v, index++)
      stack.push(v)
      onStack.add(v)
      for (const w of graph.get(v) ?? []) {
        if (!idx.has(w)) {
          strong(w)
          low.set(v, Math.min(low.get(v)!, low.get(w)!))
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!))
      }
      if (low.get(v) === idx.get(v)) {
        const component: string[] = []
        let w: string
        do {
          w = stack.pop()!
          onStack.delete(w)
          component.push(w)
        } while (w !== v)
        if (component.length > 1) circles.push(component.sort())
      }
    }
    for (const f of files) if (!idx.has(f)) strong(f)
    expect(circles).toEqual([])
  })
})
