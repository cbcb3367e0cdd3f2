// npm run bench – runs every benchmark in turn; each writes bench/results/<name>.json and prints a table.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from '../scripts/lib/hub'

const BENCHES = ['web-weight', 'catalog-search', 'ingest', 'render', 'edge', 'bot', 'load']
const only = process.argv.slice(2)
const results: { name: string; ok: boolean; seconds: number }[] = []
for (const name of BENCHES.filter((b) => only.length === 0 || only.includes(b))) {
  const file = path.join(ROOT, 'bench', `${name}.ts`)
  if (!existsSync(file)) continue
  console.log(`\n━━ bench:${name} ━━`)
  const t0 = Date.now()
  const run = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: ROOT, stdio: 'inherit' })
  results.push({ name, ok: run.status === 0, seconds: Math.round((Date.now() - t0) / 1000) })
}
console.log('\nbenchmark    result  time')
for (const r of results) console.log(`${r.name.padEnd(12)} ${(r.ok ? 'ok' : 'FAILED').padEnd(7)} ${r.seconds} s`)
process.exit(results.every((r) => r.ok) ? 0 : 1)
