import { createFakeServer, type FakeServer } from './fake-server'

/**
 * Fake WhatsApp Cloud API (Graph API): `POST /v<ver>/<phone_number_id>/messages` records the
 * message and answers with a wamid like Meta does; `POST .../messages` with `status: read`
 * marks read. Rate limits are scripted: `{ path: 'messages', status: 429, body: { error: { code: 130429 } } }`.
 */
export async function createWhatsAppFake(): Promise<FakeServer> {
  let n = 0
  return createFakeServer('whatsapp', (call) => {
    const m = /^\/v\d+\.\d+\/(\d+)\/messages$/.exec(call.path)
    if (call.method === 'POST' && m) {
      if (!String(call.headers.authorization ?? '').startsWith('Bearer ')) {
        return { status: 401, body: { error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 } } }
      }
      const body = call.body as { to?: string; status?: string }
      if (body?.status === 'read') return { status: 200, body: { success: true } }
      n++
      return {
        status: 200,
        body: { messaging_product: 'whatsapp', contacts: [{ input: body?.to, wa_id: body?.to }], messages: [{ id: `wamid.FAKE${Date.now()}${n}` }] },
      }
    }
    return { status: 404, body: { error: { message: `Unknown path components: ${call.path}`, type: 'OAuthException', code: 2500 } } }
  })
}
