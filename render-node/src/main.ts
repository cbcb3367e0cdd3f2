import { loadConfig } from './config'
import { createRenderServer } from './server'

const server = createRenderServer(loadConfig())
await server.start()

let stopping = false
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, async () => {
    if (stopping) return
    stopping = true
    console.log(JSON.stringify({ level: 'info', service: 'render-node', msg: `${signal}: draining in-flight jobs` }))
    await server.drain()
    process.exit(0)
  })
}
