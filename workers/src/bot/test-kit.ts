// Test support for the bot's workerd tests: a seeded shop, connected channels, recorded webhook
// payload shapes with fresh ids, signed deliveries, and what reached the fake Graph / Bot API.
import { env, SELF } from 'cloudflare:test'
import { hmacSha256Hex } from '../../../contracts/hmac'
import { query, sql } from '../../test/helpers'
import { escapeNonAscii } from '../whatsapp/verify-signature'
import { encryptSecrets } from './crypto'
import waButtons from './fixtures/pywa_updates_callback_button.json'
import waSelection from './fixtures/pywa_updates_callback_selection.json'
import waMessages from './fixtures/pywa_updates_message.json'
import waStatuses from './fixtures/pywa_updates_message_status.json'
import tgMessage from './fixtures/telegram_message.json'

const digits = (n: number) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => String(b % 10)).join('')

export type Shop = { merchantId: string; slug: string; sneakersId: string; size42Id: string; blueId: string; toteId: string; imageKey: string }

/** A shop in NGN with sneakers (sizes 40–42, one photo), another pair, and a bag; all published. */
export async function seedShop(settings: Record<string, unknown> = {}): Promise<Shop> {
  const slug = `bot-${crypto.randomUUID().slice(0, 8)}`
  const [m] = await query<{ id: string }>(
    sql`insert into merchants (slug, name, default_currency, settings) values (${slug}, 'Ada Kicks', 'NGN', ${JSON.stringify({ bot: settings })}::jsonb) returning id`,
  )
  const product = async (title: string, priceMinor: number, category: string, sku: string) => {
    const [p] = await query<{ id: string }>(
      sql`insert into products (merchant_id, slug, title, description, status, price_minor, currency, category, sku) values (${m.id}, ${title.toLowerCase().replace(/\W+/g, '-')}, ${title}, 'Light and comfy.', 'published', ${priceMinor}, 'NGN', ${category}, ${sku}) returning id`,
    )
    return p.id
  }
  const sneakersId = await product('Red Runner Sneakers', 450000, 'sneakers', `RRS-${slug}`)
  const blueId = await product('Blue Court Sneakers', 650000, 'sneakers', `BCS-${slug}`)
  const toteId = await product('Leather Tote', 1200000, 'bags', `TOTE-${slug}`)
  let size42Id = ''
  for (const [i, size] of ['40', '41', '42'].entries()) {
    const [v] = await query<{ id: string }>(
      sql`insert into product_variants (merchant_id, product_id, title, options, price_minor, position, sku) values (${m.id}, ${sneakersId}, ${`Size ${size}`}, ${JSON.stringify({ size })}::jsonb, 450000, ${i}, ${`RRS-${size}-${slug}`}) returning id`,
    )
    if (size === '42') size42Id = v.id
  }
  const imageKey = `media/test/${crypto.randomUUID()}.jpg`
  const [asset] = await query<{ id: string }>(
    sql`insert into media_assets (merchant_id, key, content_type, bytes, sha256) values (${m.id}, ${imageKey}, 'image/jpeg', 100, ${'0'.repeat(64)}) returning id`,
  )
  await query(sql`insert into product_media (merchant_id, product_id, asset_id, position) values (${m.id}, ${sneakersId}, ${asset.id}, 0)`)
  return { merchantId: m.id, slug, sneakersId, size42Id, blueId, toteId, imageKey }
}

/** Connects a WhatsApp number (fresh phone number id) to the shop, secrets encrypted like the dashboard does. */
export async function connectWhatsApp(merchantId: string) {
  const phoneNumberId = `1${digits(14)}`
  const secrets = await encryptSecrets(env.ENCRYPTION_KEY, { accessToken: 'EAAG-test-access-token-0123456789' })
  await query(
    sql`insert into channels (merchant_id, kind, external_id, display_name, secrets_encrypted) values (${merchantId}, 'whatsapp', ${phoneNumberId}, 'Ada Kicks', ${secrets})`,
  )
  return phoneNumberId
}

export const newShopperNumber = () => `234${digits(10)}`
/** A Telegram bot token; the bot id never starts with 0 (Telegram's ids are numbers, so the fake drops a leading zero). */
export const newTelegramBotToken = () => `${1 + (crypto.getRandomValues(new Uint8Array(1))[0] % 9)}${digits(8)}:AAH${crypto.randomUUID().replace(/-/g, '')}`
export const newWamid = () => `wamid.${btoa(crypto.randomUUID()).replace(/=+$/, '')}`

type WaKind = 'text' | 'order' | 'image' | 'location' | 'button_reply' | 'list_reply'

/**
 * A recorded pywa payload of `kind` with our phone number id, shopper, a fresh wamid and a fresh
 * timestamp (the recordings are from 2023, which is outside the 7-day retry window).
 */
export function waPayload(
  kind: WaKind,
  o: { phoneNumberId: string; from: string; id?: string; text?: string; actionId?: string; at?: number; items?: unknown[]; referredProduct?: string },
) {
  const source =
    kind === 'button_reply'
      ? waButtons.button
      : kind === 'list_reply'
        ? waSelection.callback
        : kind === 'text'
          ? waMessages.text
          : kind === 'order'
            ? waMessages.order
            : kind === 'image'
              ? waMessages.image
              : waMessages.current_location
  const p = structuredClone(source) as {
    entry: { changes: { value: { metadata: { phone_number_id: string }; contacts: { wa_id: string }[]; messages: Record<string, unknown>[] } }[] }[]
  }
  const v = p.entry[0].changes[0].value
  v.metadata.phone_number_id = o.phoneNumberId
  v.contacts[0].wa_id = o.from
  const m = v.messages[0]
  m.from = o.from
  m.id = o.id ?? newWamid()
  m.timestamp = String(Math.floor((o.at ?? Date.now()) / 1000))
  if (kind === 'text' && o.text !== undefined) (m.text as { body: string }).body = o.text
  if (kind === 'text' && o.referredProduct)
    m.context = { from: o.phoneNumberId, id: 'wamid.PRODUCT', referred_product: { catalog_id: '1', product_retailer_id: o.referredProduct } }
  if (kind === 'button_reply') (m.interactive as { button_reply: { id: string; title: string } }).button_reply = { id: o.actionId ?? 'menu', title: 'tap' }
  if (kind === 'list_reply') (m.interactive as { list_reply: { id: string; title: string } }).list_reply = { id: o.actionId ?? 'menu', title: 'tap' }
  if (kind === 'order' && o.items) (m.order as { product_items: unknown[] }).product_items = o.items
  return p
}

export function waStatusPayload(o: { phoneNumberId: string; wamid: string; status: 'sent' | 'delivered' | 'read' }) {
  const p = structuredClone(waStatuses[o.status]) as {
    entry: { changes: { value: { metadata: { phone_number_id: string }; statuses: Record<string, unknown>[] } }[] }[]
  }
  const v = p.entry[0].changes[0].value
  v.metadata.phone_number_id = o.phoneNumberId
  v.statuses[0].id = o.wamid
  v.statuses[0].timestamp = String(Math.floor(Date.now() / 1000))
  return p
}

/** Signs like Meta (raw UTF-8), like whatsapp-api-js (\uXXXX-escaped), with a wrong secret, or not at all. */
export async function postWhatsApp(payload: unknown, mode: 'raw' | 'escaped' | 'forged' | 'none' = 'raw', bodyOverride?: string) {
  const body = bodyOverride ?? JSON.stringify(payload)
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (mode === 'raw') headers['x-hub-signature-256'] = `sha256=${await hmacSha256Hex(env.WHATSAPP_APP_SECRET, body)}`
  if (mode === 'escaped') headers['x-hub-signature-256'] = `sha256=${await hmacSha256Hex(env.WHATSAPP_APP_SECRET, escapeNonAscii(body))}`
  if (mode === 'forged') headers['x-hub-signature-256'] = `sha256=${await hmacSha256Hex('not-the-app-secret', body)}`
  return SELF.fetch('http://hub.test/webhooks/whatsapp', { method: 'POST', body, headers })
}

export type GraphCall = { path: string; body: Record<string, any>; headers: Record<string, string>; at: number }

/** Messages that reached the fake Graph API for this number and shopper, oldest first. */
export async function graphMessages(phoneNumberId: string, to: string): Promise<GraphCall[]> {
  const calls = (await (await fetch(`${env.WHATSAPP_GRAPH_URL}/__calls`)).json()) as GraphCall[]
  return calls.filter((c) => c.path.endsWith(`/${phoneNumberId}/messages`) && c.body?.to === to)
}

export async function telegramCalls(token: string): Promise<(GraphCall & { method: string })[]> {
  const calls = (await (await fetch(`${env.TELEGRAM_API_ROOT}/__calls`)).json()) as GraphCall[]
  return calls.filter((c) => c.path.startsWith(`/bot${token}/`)).map((c) => ({ ...c, method: c.path.split('/').pop() ?? '' }))
}

export function telegramUpdate(o: { updateId: number; chatId: number; text?: string; callbackData?: string }) {
  if (o.callbackData) {
    return {
      update_id: o.updateId,
      callback_query: {
        id: String(o.updateId),
        from: { id: o.chatId, is_bot: false, first_name: 'Ada' },
        chat_instance: '1',
        data: o.callbackData,
        message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: o.chatId, type: 'private', first_name: 'Ada' }, text: 'menu' },
      },
    }
  }
  const u = structuredClone(tgMessage) as {
    update_id: number
    message: { date: number; text: string; chat: { id: number }; from: { id: number }; entities?: unknown[] }
  }
  u.update_id = o.updateId
  u.message.date = Math.floor(Date.now() / 1000)
  u.message.chat.id = o.chatId
  u.message.from.id = o.chatId
  u.message.text = o.text ?? 'hi'
  if (u.message.text.startsWith('/')) u.message.entities = [{ type: 'bot_command', offset: 0, length: u.message.text.split(' ')[0].length }]
  return u
}

export { digits }
