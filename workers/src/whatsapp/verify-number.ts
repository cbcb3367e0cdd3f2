import type { Config } from '../config'
import { AppError } from '../errors'
import { GRAPH_VERSION } from './send-whatsapp'

/** What Graph answers for a phone number the token can read (the fields asked for, and its id). */
export type PhoneNumberInfo = { id: string; displayPhoneNumber: string; verifiedName: string }

type GraphError = { message?: string; type?: string; code?: number; error_subcode?: number }

const TIMEOUT_MS = 10_000

/**
 * Proves the caller controls a WhatsApp number before the hub routes its messages to them: the
 * phone number id must be readable with the access token (`GET /{version}/{phone-number-id}`, the
 * same Graph origin and version the sends use). A token Meta refuses, or one that cannot see this
 * number, is a 400 that says which; Meta being down or rate-limiting us is a 502.
 */
export async function verifyWhatsAppNumber(config: Pick<Config, 'WHATSAPP_GRAPH_URL'>, phoneNumberId: string, accessToken: string): Promise<PhoneNumberInfo> {
  const base = config.WHATSAPP_GRAPH_URL.replace(/\/+$/, '')
  const url = `${base}/${GRAPH_VERSION}/${encodeURIComponent(phoneNumberId)}?fields=id,display_phone_number,verified_name`
  let res: Response
  let body: { id?: unknown; display_phone_number?: unknown; verified_name?: unknown; error?: GraphError } = {}
  try {
    res = await fetch(url, { headers: { authorization: `Bearer ${accessToken}` }, signal: AbortSignal.timeout(TIMEOUT_MS) })
    body = (await res.json().catch(() => ({}))) as typeof body
  } catch (err) {
    throw new AppError('bad_gateway', 'Meta did not answer when we checked this number; try again in a minute', { cause: err })
  }
  const error = body.error
  if (res.ok && !error) {
    // The answer must be about the number asked for, not some other object the token can see.
    if (String(body.id ?? '') !== phoneNumberId) throw new AppError('bad_gateway', 'Meta answered about another number; try again in a minute')
    return { id: phoneNumberId, displayPhoneNumber: String(body.display_phone_number ?? ''), verifiedName: String(body.verified_name ?? '') }
  }
  // Throttled (HTTP 429, or Graph's app / account limits), or Meta's own failure: not the caller's fault.
  if (res.status === 429 || res.status >= 500 || [4, 17, 32, 613, 80007, 130429].includes(error?.code ?? -1)) {
    throw new AppError('bad_gateway', 'Meta is busy and did not confirm this number; try again in a minute', {
      details: { graphStatus: res.status, graphCode: error?.code ?? null },
    })
  }
  const details = { graphStatus: res.status, graphCode: error?.code ?? null }
  // 190: the token itself is invalid, expired or revoked.
  if (res.status === 401 || error?.code === 190) {
    throw new AppError(
      'bad_request',
      'Meta did not accept this access token (mistyped, expired or revoked); create a permanent system-user token and paste it again',
      {
        details,
      },
    )
  }
  // 100 / 33: the object does not exist or the token may not read it; 10 / 200: missing permission.
  throw new AppError(
    'bad_request',
    `this access token cannot read WhatsApp phone number id ${phoneNumberId}; check the id under WhatsApp → API setup and that the token's system user has access to this WhatsApp Business Account`,
    { details },
  )
}
