import { neonConfig, Pool } from '@neondatabase/serverless'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import WebSocket from 'ws'
import { startPgWsRelay } from './pg-ws-relay'

const pgTarget = new URL(inject('databaseUrl'))

describe('WebSocket-to-TCP relay for the Neon driver', () => {
  let relay: Awaited<ReturnType<typeof startPgWsRelay>>
  beforeAll(async () => {
    relay = await startPgWsRelay({ port: 0, allowedTargets: [`127.0.0.1:${pgTarget.port}`] })
    neonConfig.webSocketConstructor = WebSocket
    neonConfig.wsProxy = (host, port) => `${relay.url}/v1?address=${host}:${port}`
    neonConfig.useSecureWebSocket = false
    neonConfig.pipelineTLS = false
    neonConfig.pipelineConnect = false
  })
  afterAll(() => relay.close())

  it('carries the Neon serverless driver to the local Postgres', async () => {
    const pool = new Pool({ connectionString: inject('databaseUrl') })
    const { rows } = await pool.query('select 40 + 2 as answer')
    await pool.end()
    expect(rows[0].answer).toBe(42)
  })

  it('refuses to relay to any other address', async () => {
    const closed = await new Promise<{ code: number; reason: string }>((resolve) => {
      const ws = new WebSocket(`ws://${relay.url}/v1?address=127.0.0.1:22`)
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
      ws.on('error', () => {})
    })
    expect(closed).toEqual({ code: 1008, reason: 'target not allowed' })
  })
})
