import { createFakeServer, type FakeServer } from './fake-server'

/** A WhatsApp Business number the fake's Meta knows: readable only with its owner's token. */
type FakeNumber = { phoneNumberId: string; token: string; displayPhoneNumber?: string; verifiedName?: string }

const oauthError = (message: string, code: number, extra: Record<string, unknown> = {}) => ({
  error: { message, type: 'OAuthException', code, ...extra, fbtrace_id: 'AFakeTraceId' },
})

/**
 * Fake WhatsApp Cloud API (Graph API), in Meta's wire format:
 * - `POST /v<ver>/<phone_number_id>/messages` records the message and answers with a wamid like
 *   Meta does; with `status: read` it marks read.
 * - `GET /v<ver>/<phone_number_id>?fields=…` answers the number's `id`, `display_phone_number`
 *   and `verified_name` (only the fields asked for, plus `id`, as Graph does).
 * Tokens: a Bearer token that does not look like Meta's (`EAA…`) is 401 / code 190. A number
 * registered with `POST /__numbers {phoneNumberId, token, …}` belongs to that token: any other
 * token gets Graph's 400 / code 100 / subcode 33 ("does not exist, cannot be loaded due to missing
 * permissions"); numbers never registered are readable with any well-formed token.
 * The 24-hour customer-service window is enforced for numbers registered with `POST /__window
 * {phoneNumberId, enforce: true}`: free-form messages (anything but `type: template`) to a user
 * who has not written in 24 hours (`POST /__window {phoneNumberId, waId, lastInboundAt}`) get
 * Meta's HTTP 400, error code 131047 "Re-engagement message".
 * Faults are scripted: `{ path: 'messages', status: 429, body: { error: { code: 130429 } } }`,
 * `{ method: 'GET', path: '/v\\d+\\.\\d+/<id>$', status: 500, body: { error: { code: 2, … } } }`.
 */
export async function createWhatsAppFake(): Promise<FakeServer> {
  let n = 0
  const numbers = new Map<string, FakeNumber>()
  /** `<phone number id>:<wa id>` → when that user last wrote to that number (opens the 24-hour window). */
  const windows = new Map<string, number>()
  /** Numbers whose customer-service window the fake enforces (opt-in, so other tests keep sending free-form). */
  const enforced = new Set<string>()
  return createFakeServer('whatsapp', (call) => {
    if (call.method === 'POST' && call.path === '/__numbers') {
      const number = call.body as FakeNumber
      numbers.set(number.phoneNumberId, number)
      return { status: 200, body: { ok: true } }
    }
    // `POST /__window {phoneNumberId, enforce?: true, waId?, lastInboundAt?}`: enforce Meta's 24-hour
    // rule for a number, and/or record when a user last wrote to it.
    if (call.method === 'POST' && call.path === '/__window') {
      const w = call.body as { phoneNumberId: string; enforce?: boolean; waId?: string; lastInboundAt?: number }
      if (w.enforce) enforced.add(w.phoneNumberId)
      if (w.waId) windows.set(`${w.phoneNumberId}:${w.waId.replace(/^\+/, '')}`, w.lastInboundAt ?? Date.now())
      return { status: 200, body: { ok: true } }
    }
    const auth = String(call.headers.authorization ?? '')
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : ''
    const badToken = () =>
      !token
        ? { status: 400, body: oauthError('An active access token must be used to query information about the current user.', 2500) }
        : { status: 401, body: oauthError('Invalid OAuth access token - Cannot parse access token', 190) }
    const m = /^\/v\d+\.\d+\/(\d+)\/messages$/.exec(call.path)
    if (call.method === 'POST' && m) {
      if (!token.startsWith('EAA')) return badToken()
      const body = call.body as { to?: string; status?: string; type?: string }
      if (body?.status === 'read') return { status: 200, body: { success: true } }
      const last = windows.get(`${m[1]}:${String(body?.to ?? '').replace(/^\+/, '')}`)
      if (enforced.has(m[1]) && body?.type !== 'template' && (last === undefined || Date.now() - last > 24 * 3600 * 1000)) {
        // Meta's answer to free-form text outside the customer service window.
        return {
          status: 400,
          body: {
            error: {
              message: '(#131047) Re-engagement message',
              type: 'OAuthException',
              code: 131047,
              error_data: {
                messaging_product: 'whatsapp',
                details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
              },
              fbtrace_id: 'AFakeTraceId',
            },
          },
        }
      }
      n++
      return {
        status: 200,
        body: { messaging_product: 'whatsapp', contacts: [{ input: body?.to, wa_id: body?.to }], messages: [{ id: `wamid.FAKE${Date.now()}${n}` }] },
      }
    }
    const node = /^\/v\d+\.\d+\/(\d+)$/.exec(call.path)
    if (call.method === 'GET' && node) {
      if (!token.startsWith('EAA')) return badToken()
      const id = node[1]
      const known = numbers.get(id)
      if (known && known.token !== token) {
        return {
          status: 400,
          body: {
            error: {
              message: `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
              type: 'GraphMethodException',
              code: 100,
              error_subcode: 33,
              fbtrace_id: 'AFakeTraceId',
            },
          },
        }
      }
      const all: Record<string, string> = {
        display_phone_number: known?.displayPhoneNumber ?? `+1 555-${id.slice(-7, -4)}-${id.slice(-4)}`,
        verified_name: known?.verifiedName ?? 'Test Number',
        quality_rating: 'GREEN',
        code_verification_status: 'NOT_VERIFIED',
        platform_type: 'CLOUD_API',
      }
      const fields = (call.query.fields ?? 'display_phone_number,verified_name,quality_rating,code_verification_status').split(',').map((f) => f.trim())
      const body: Record<string, string> = {}
      for (const f of fields) if (f in all) body[f] = all[f]
      return { status: 200, body: { ...body, id } }
    }
    return {
      status: 400,
      body: { error: { message: `Unknown path components: ${call.path}`, type: 'OAuthException', code: 2500, fbtrace_id: 'AFakeTraceId' } },
    }
  })
}
