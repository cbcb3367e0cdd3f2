import { describe, expect, it } from 'vitest'
import { freePort } from '../../test/global-setup'
import { startRenderNodeSupervised } from './hub'

// Issue 12 #14: `npm start` brings the render node back when it dies, and says so in the log.
describe('supervision of the hub’s children', () => {
  it('restarts a killed render node within a few seconds; the log says so; a deliberate stop stays stopped', async () => {
    const lines: string[] = []
    const node = await startRenderNodeSupervised({ port: await freePort(), quiet: true, log: (l) => lines.push(l), minDelayMs: 200 })
    try {
      const first = node.current()
      expect(first?.pid).toBeGreaterThan(0)
      first?.kill('SIGKILL')
      const killedAt = Date.now()
      let back = false
      while (!back && Date.now() - killedAt < 20_000) {
        await new Promise((r) => setTimeout(r, 200))
        const current = node.current()
        if (current && current.pid !== first?.pid)
          back = await fetch(`${node.url}/health`).then(
            (r) => r.ok,
            () => false,
          )
      }
      expect(back).toBe(true)
      expect(Date.now() - killedAt).toBeLessThan(15_000)
      expect(lines.some((l) => /render node exited \(signal SIGKILL\); restarting/.test(l))).toBe(true)
      expect(lines.some((l) => /render node is back \(restart 1/.test(l))).toBe(true)
    } finally {
      await node.stop()
    }
    await new Promise((r) => setTimeout(r, 1000))
    expect(node.current()).toBeUndefined()
    expect(
      await fetch(`${node.url}/health`).then(
        (r) => r.ok,
        () => false,
      ),
    ).toBe(false)
  })
})
