import { Webhook } from 'standardwebhooks'
import { createFakeServer, type FakeServer } from './fake-server'

/** What the receiver made of one delivery. */
export type ReceivedWebhook = {
  path: string
  webhookId: string
  timestamp: string
  signature: string
  /** `Webhook.verify` of the `standardwebhooks` package accepted it with the path's secret. */
  verified: boolean
  verifyError: string | null
  body: unknown
  /** The status it answered (or the one it would have, after a delay the sender did not wait for). */
  answered: number
  at: number
}

type PlannedReply = { status: number; delayMs?: number; body?: unknown; headers?: Record<string, string> }

/**
 * A merchant's webhook endpoint, for tests: every POST under `/hooks/` is checked with
 * `new Webhook(secret).verify(rawBody, headers)` (the secret given for that path with
 * `POST /__secrets {path, secret}`), recorded, and answered by the path's plan
 * (`POST /__plan {path, replies: [{status, delayMs?}, …]}`, one reply per delivery, in order;
 * `delayMs` holds the answer back to force a timeout), else 200 `{ok: true}`.
 * `GET /__received?path=…` lists what arrived; `POST /__reset` forgets everything.
 */
export async function createWebhookReceiver(): Promise<FakeServer> {
  const secrets = new Map<string, string>()
  const plans = new Map<string, PlannedReply[]>()
  const received: ReceivedWebhook[] = []
  return createFakeServer('webhook-receiver', async (call) => {
    if (call.method === 'POST' && call.path === '/__secrets') {
      const { path, secret } = call.body as { path: string; secret: string }
      secrets.set(path, secret)
      return { status: 200, body: { ok: true } }
    }
    if (call.method === 'POST' && call.path === '/__plan') {
      const { path, replies } = call.body as { path: string; replies: PlannedReply[] }
      plans.set(path, [...(plans.get(path) ?? []), ...replies])
      return { status: 200, body: { ok: true } }
    }
    if (call.path === '/__received') {
      const path = call.query.path
      return { status: 200, body: path ? received.filter((r) => r.path === path) : received }
    }
    if (call.path === '/__forget') {
      received.length = 0
      secrets.clear()
      plans.clear()
      return { status: 200, body: { ok: true } }
    }
    if (call.method !== 'POST' || !call.path.startsWith('/hooks/')) return { status: 404, body: { error: 'not a hook path' } }
    const headers = {
      'webhook-id': call.headers['webhook-id'] ?? '',
      'webhook-timestamp': call.headers['webhook-timestamp'] ?? '',
      'webhook-signature': call.headers['webhook-signature'] ?? '',
    }
    let verified = false
    let verifyError: string | null = 'no secret registered for this path'
    const secret = secrets.get(call.path)
    if (secret) {
      try {
        new Webhook(secret).verify(call.rawBody, headers)
        verified = true
        verifyError = null
      } catch (err) {
        verifyError = err instanceof Error ? err.message : String(err)
      }
    }
    const reply = plans.get(call.path)?.shift() ?? { status: 200, body: { ok: true } }
    received.push({
      path: call.path,
      webhookId: headers['webhook-id'],
      timestamp: headers['webhook-timestamp'],
      signature: headers['webhook-signature'],
      verified,
      verifyError,
      body: call.body,
      answered: reply.status,
      at: Date.now(),
    })
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs))
    return { status: reply.status, body: reply.body ?? { received: verified }, headers: reply.headers }
  })
}
