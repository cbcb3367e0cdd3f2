import { spawn } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const repoRoot = path.resolve(import.meta.dirname, '../../../..')

function runCli(input: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  return new Promise<{ code: number | null; lines: unknown[]; stderr: string }>((resolve, reject) => {
    const child = spawn(path.join(repoRoot, 'node_modules/.bin/tsx'), ['scripts/classify-messages.ts', ...args], {
      cwd: repoRoot,
      env: { ...process.env, OPENAI_API_KEY: '', ...env },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => {
      stdout += d
    })
    child.stderr.on('data', (d) => {
      stderr += d
    })
    child.on('error', reject)
    child.on('close', (code) => {
      const lines = stdout
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l))
      resolve({ code, lines, stderr })
    })
    child.stdin.end(input)
  })
}

describe('classify-messages CLI', () => {
  it('writes one result per line and an error line for bad input without stopping', async () => {
    const input = [
      JSON.stringify({ id: 'a', text: 'red sneakers under 5000' }),
      'not json',
      JSON.stringify({ id: 'b' }),
      JSON.stringify({ id: 7, text: 'où est ma commande #A1B2C3' }),
      '',
    ].join('\n')
    const { code, lines } = await runCli(input)
    expect(code).toBe(0)
    expect(lines).toEqual([
      { id: 'a', intent: 'search_product', entities: { query: 'sneakers', colour: 'red', maxPrice: 5000 } },
      { id: null, error: expect.stringContaining('JSON') },
      { id: 'b', error: expect.stringContaining('text') },
      { id: 7, intent: 'order_status', entities: { orderRef: 'A1B2C3' } },
    ])
  })

  it('refuses --ai without an API key', async () => {
    const { code, stderr } = await runCli('{"id":1,"text":"hi"}\n', ['--ai'], { OPENAI_API_KEY: '' })
    expect(code).toBe(2)
    expect(stderr).toContain('OPENAI_API_KEY')
  })
})
