import net from 'node:net'
import { WebSocketServer } from 'ws'

/**
 * A WebSocket-to-TCP relay speaking what Neon's wsproxy speaks, so the Worker's
 * @neondatabase/serverless driver reaches a local Postgres exactly as it reaches Neon.
 * Client URL: ws://host:port/v1?address=<pg host>:<pg port>. Only loopback targets are relayed.
 */
export function startPgWsRelay(options: {
  port: number
  host?: string
  allowedTargets: string[]
}): Promise<{ url: string; port: number; close: () => Promise<void> }> {
  const wss = new WebSocketServer({ host: options.host ?? '127.0.0.1', port: options.port })
  wss.on('connection', (ws, req) => {
    const address = new URL(req.url ?? '/', 'http://relay').searchParams.get('address') ?? options.allowedTargets[0]
    const [hostRaw, portRaw] = address.split(':')
    const host = hostRaw === 'localhost' ? '127.0.0.1' : hostRaw
    const target = `${host}:${portRaw}`
    if (!options.allowedTargets.includes(target)) {
      ws.close(1008, 'target not allowed')
      return
    }
    const sock = net.connect(Number(portRaw), host)
    sock.setNoDelay(true)
    const pending: Buffer[] = []
    sock.on('connect', () => {
      for (const b of pending) sock.write(b)
      pending.length = 0
    })
    ws.on('message', (data: Buffer) => (sock.connecting ? pending.push(data) : sock.write(data)))
    sock.on('data', (d) => ws.send(d))
    ws.on('close', () => sock.destroy())
    sock.on('close', () => ws.close())
    ws.on('error', () => sock.destroy())
    sock.on('error', () => ws.close())
  })
  return new Promise((resolve, reject) => {
    wss.once('error', reject)
    wss.once('listening', () => {
      const port = (wss.address() as net.AddressInfo).port
      resolve({
        port,
        url: `127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((r) => {
            for (const c of wss.clients) c.terminate()
            wss.close(() => r())
          }),
      })
    })
  })
}
