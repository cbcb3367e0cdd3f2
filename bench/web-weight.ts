// npm run bench:web – what each kind of page downloads (JS and CSS, gzip), from a production build.
//
// Builds the web app (the same vite.config.ts, with a manifest, into a temporary folder), then for
// each page adds up its entry, the chunks its route loads and their static imports. The floor is
// measured in the same run: the smallest React app Vite builds (react + react-dom rendering one
// <h1>), so "1.4× floor" reads as "40 % more than React itself". Results: bench/results/web-weight.json.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'vite'
import { ROOT } from '../scripts/lib/hub'

type Chunk = { file: string; imports?: string[]; dynamicImports?: string[]; css?: string[]; isEntry?: boolean; src?: string }
type Manifest = Record<string, Chunk>

/** The budget for public pages (storefront and product page), JS gzip bytes. */
const PUBLIC_JS_BUDGET = 125 * 1024

async function buildTo(root: string, outDir: string, configFile: string | false) {
  await build({ root, configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true, manifest: true, sourcemap: false } })
  return JSON.parse(readFileSync(path.join(outDir, '.vite/manifest.json'), 'utf8')) as Manifest
}

const gz = (dir: string, file: string) => gzipSync(readFileSync(path.join(dir, file)), { level: 9 }).length
const raw = (dir: string, file: string) => readFileSync(path.join(dir, file)).length

/** Files a page needs: the entry plus the given route modules, with all their static imports. */
function closure(m: Manifest, keys: string[]) {
  const seen = new Set<string>()
  const files = new Set<string>()
  const visit = (key: string) => {
    if (seen.has(key)) return
    seen.add(key)
    const c = m[key]
    if (!c) throw new Error(`no chunk ${key} in the manifest`)
    files.add(c.file)
    for (const css of c.css ?? []) files.add(css)
    for (const i of c.imports ?? []) visit(i)
  }
  for (const k of keys) visit(k)
  return [...files]
}

const tmp = mkdtempSync(path.join(tmpdir(), 'linkhub-web-weight-'))
try {
  // Floor: the smallest React app.
  const floorSrc = path.join(tmp, 'floor')
  mkdirSync(path.join(floorSrc, 'src'), { recursive: true })
  writeFileSync(path.join(floorSrc, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/src/main.jsx"></script>')
  writeFileSync(
    path.join(floorSrc, 'src/main.jsx'),
    "import { createElement } from 'react'\nimport { createRoot } from 'react-dom/client'\ncreateRoot(document.getElementById('root')).render(createElement('h1', null, 'Hello'))\n",
  )
  // Resolve react from the project's node_modules.
  writeFileSync(path.join(floorSrc, 'package.json'), '{"type":"module"}')
  const floorOut = path.join(tmp, 'floor-out')
  await build({
    root: floorSrc,
    configFile: false,
    logLevel: 'warn',
    resolve: { alias: { react: path.join(ROOT, 'node_modules/react'), 'react-dom': path.join(ROOT, 'node_modules/react-dom') } },
    build: { outDir: floorOut, emptyOutDir: true, manifest: true },
  })
  const floorManifest = JSON.parse(readFileSync(path.join(floorOut, '.vite/manifest.json'), 'utf8')) as Manifest
  const floorJs = Object.values(floorManifest)
    .filter((c) => c.file.endsWith('.js'))
    .reduce((n, c) => n + gz(floorOut, c.file), 0)

  const out = path.join(tmp, 'app')
  const m = await buildTo(path.join(ROOT, 'web'), out, path.join(ROOT, 'vite.config.ts'))
  const page = (route: string) => `src/${route}`
  const PAGES: { name: string; routes: string[] }[] = [
    { name: 'storefront / product page (public)', routes: ['index.html', page('features/storefront/public-page.tsx'), page('styles.css')] },
    { name: 'log in (public)', routes: ['index.html', page('features/auth/auth-pages.tsx')] },
    { name: 'dashboard home', routes: ['index.html', page('app/dashboard-layout.tsx'), page('app/home.tsx')] },
    { name: 'products table', routes: ['index.html', page('app/dashboard-layout.tsx'), page('features/catalog/products-page.tsx')] },
    { name: 'product editor', routes: ['index.html', page('app/dashboard-layout.tsx'), page('features/catalog/product-editor.tsx')] },
    { name: 'analytics (charts)', routes: ['index.html', page('app/dashboard-layout.tsx'), page('features/analytics/analytics-page.tsx')] },
  ]
  const rows = PAGES.map((p) => {
    const files = closure(m, p.routes)
    const js = files.filter((f) => f.endsWith('.js'))
    const css = files.filter((f) => f.endsWith('.css'))
    const jsGz = js.reduce((n, f) => n + gz(out, f), 0)
    return {
      page: p.name,
      files: files.length,
      jsRawBytes: js.reduce((n, f) => n + raw(out, f), 0),
      jsGzipBytes: jsGz,
      cssGzipBytes: css.reduce((n, f) => n + gz(out, f), 0),
      ratioToFloor: Math.round((jsGz / floorJs) * 100) / 100,
    }
  })
  const allJs = Object.values(m).filter((c) => c.file.endsWith('.js'))
  const result = {
    measuredAt: new Date().toISOString(),
    floor: { what: 'smallest React 19 app (react-dom createRoot, one <h1>), same Vite', jsGzipBytes: floorJs },
    publicJsBudgetGzipBytes: PUBLIC_JS_BUDGET,
    publicWithinBudget: rows[0].jsGzipBytes <= PUBLIC_JS_BUDGET,
    chunks: allJs.length,
    totalJsGzipBytes: [...new Set(allJs.map((c) => c.file))].reduce((n, f) => n + gz(out, f), 0),
    pages: rows,
  }
  mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true })
  writeFileSync(path.join(ROOT, 'bench/results/web-weight.json'), `${JSON.stringify(result, null, 2)}\n`)
  const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`
  console.log(`floor (React alone): ${kb(floorJs)} JS gzip`)
  console.log('page'.padEnd(38), 'JS gzip'.padStart(10), 'CSS gzip'.padStart(10), ' × floor')
  for (const r of rows) console.log(r.page.padEnd(38), kb(r.jsGzipBytes).padStart(10), kb(r.cssGzipBytes).padStart(10), `  ${r.ratioToFloor}×`)
  console.log(`public page budget ${kb(PUBLIC_JS_BUDGET)}: ${result.publicWithinBudget ? 'within' : 'OVER'}`)
  if (!result.publicWithinBudget) process.exitCode = 1
} finally {
  rmSync(tmp, { recursive: true, force: true })
}
