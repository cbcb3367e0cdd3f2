// Test support for the privacy tests: a shop with a row in every kind of table and objects in R2,
// an owner who knows their password, and raw counts.
import { env } from 'cloudflare:test'
import { eventually, query, signedInMember, sql } from '../../test/helpers'
import { hashPassword } from '../auth/password'
import { connectWhatsApp, graphMessages, newShopperNumber, postWhatsApp, seedShop, waPayload } from '../bot/test-kit'

export const OWNER_PASSWORD = 'owner-password-2026'

/** A signed-in owner of `merchantId` whose password is `OWNER_PASSWORD`. */
export async function ownerWithPassword(merchantId: string) {
  const owner = await signedInMember({ merchantId, role: 'owner' })
  await query(sql`update users set password_hash = ${await hashPassword(OWNER_PASSWORD)} where id = ${owner.userId}`)
  return owner
}

/**
 * The bot test shop plus one row in each of the other tables that hold shop data (videos,
 * proposals, ingest, links, events, conversations, messages, orders, categories, tokens, invites,
 * audit, jobs, retention, webhooks, the content studio, publishing) and R2 objects under the shop's media prefix.
 */
export async function seedWholeShop() {
  const shop = await seedShop()
  const m = shop.merchantId
  const phoneNumberId = await connectWhatsApp(m)
  // A shopper writes through the webhook, so the queue holds a real inbound job (written before its shop is known).
  const shopper = newShopperNumber()
  await postWhatsApp(waPayload('text', { phoneNumberId, from: shopper, text: 'hi' }))
  await eventually(async () => ((await graphMessages(phoneNumberId, shopper)).length ? true : null))
  const one = async <T = { id: string }>(q: ReturnType<typeof sql>) => (await query<T>(q))[0]
  const video = await one(
    sql`insert into videos (merchant_id, external_id, url, caption, status) values (${m}, ${`7${crypto.randomUUID().replace(/\D/g, '').slice(0, 15)}`}, 'https://www.tiktok.com/@ada/video/1', 'Red runners #sneakers', 'ready') returning id`,
  )
  await query(sql`insert into product_videos (merchant_id, product_id, video_id) values (${m}, ${shop.sneakersId}, ${video.id})`)
  await query(
    sql`insert into product_proposals (merchant_id, video_id, status, draft) values (${m}, ${video.id}, 'pending', ${JSON.stringify({ title: 'Red runners' })}::jsonb)`,
  )
  const batch = await one(sql`insert into ingest_batches (merchant_id, total) values (${m}, 1) returning id`)
  await query(
    sql`insert into ingest_links (merchant_id, batch_id, line, input, status, video_id) values (${m}, ${batch.id}, 1, 'https://www.tiktok.com/@ada/video/1', 'proposed', ${video.id})`,
  )
  await query(sql`insert into categories (merchant_id, slug, name) values (${m}, 'sneakers', 'Sneakers')`)
  const link = await one<{ id: string; code: string }>(
    sql`insert into short_links (merchant_id, code, title, product_id, password_hash) values (${m}, ${`c${crypto.randomUUID().slice(0, 8)}`}, 'Runners', ${shop.sneakersId}, 'secret-hash') returning id, code`,
  )
  await query(sql`insert into events (merchant_id, type, product_id, link_id) values (${m}, 'link_click', ${shop.sneakersId}, ${link.id})`)
  const conv = await one(
    sql`insert into conversations (merchant_id, channel, external_user_id, name, last_message_at) values (${m}, 'whatsapp', '2348000000099', 'Bola Ade', now()) returning id`,
  )
  await query(
    sql`insert into messages (merchant_id, conversation_id, direction, type, text, author) values (${m}, ${conv.id}, 'inbound', 'text', 'Do you have size 42?', 'shopper')`,
  )
  const order = await one(
    sql`insert into orders (merchant_id, number, conversation_id, customer_name, customer_contact, delivery, subtotal_minor, currency, idempotency_key)
        values (${m}, ${`A${Date.now() % 100000}`}, ${conv.id}, 'Bola Ade', '+2348000000099', ${JSON.stringify({ method: 'delivery', address: '12 Allen Ave, Ikeja' })}::jsonb, 450000, 'NGN', ${crypto.randomUUID()}) returning id`,
  )
  await query(
    sql`insert into order_items (merchant_id, order_id, product_id, variant_id, title, quantity, unit_price_minor, currency) values (${m}, ${order.id}, ${shop.sneakersId}, ${shop.size42Id}, 'Red Runner Sneakers (42)', 1, 450000, 'NGN')`,
  )
  await query(sql`insert into api_tokens (merchant_id, name, token_hash, prefix) values (${m}, 'ci', ${crypto.randomUUID()}, 'lh_x')`)
  await query(sql`insert into invites (merchant_id, role, token_hash, expires_at) values (${m}, 'staff', ${crypto.randomUUID()}, now() + interval '1 day')`)
  await query(sql`insert into audit_log (merchant_id, action, entity) values (${m}, 'shop.update', 'shop')`)
  await query(sql`insert into jobs (merchant_id, queue, type, status, payload) values (${m}, 'ingest', 'ingest-link', 'succeeded', '{}'::jsonb)`)
  await query(sql`insert into shop_retention (merchant_id, conversation_days, event_days, proposal_days, render_days) values (${m}, 365, 395, 90, 30)`)
  // An outbound webhook endpoint with one message, its delivery and an attempt.
  const endpoint = await one(
    sql`insert into webhook_endpoints (merchant_id, url, secret_encrypted) values (${m}, 'https://hooks.example.com/in', 'v2.k0.x.y') returning id`,
  )
  const hook = await one(sql`insert into webhook_messages (merchant_id, type, body) values (${m}, 'order.created', '{}'::jsonb) returning id`)
  const delivery = await one(sql`insert into webhook_deliveries (merchant_id, message_id, endpoint_id) values (${m}, ${hook.id}, ${endpoint.id}) returning id`)
  await query(
    sql`insert into webhook_attempts (merchant_id, delivery_id, endpoint_id, attempt, succeeded, latency_ms, attempted_at) values (${m}, ${delivery.id}, ${endpoint.id}, 1, false, 12, now())`,
  )
  // The content studio: settings with an (encrypted) OpenAI key, a batch, a video with its event,
  // cost line and safety decision, and an intermediate voice chunk in R2.
  await query(
    sql`insert into studio_settings (merchant_id, brand_voice, openai_key_encrypted) values (${m}, ${JSON.stringify({ tone: 'premium' })}::jsonb, 'v2.k0.x.y')`,
  )
  const studioBatch = await one(sql`insert into studio_batches (merchant_id, total) values (${m}, 1) returning id`)
  const studioVideo = await one(
    sql`insert into studio_videos (merchant_id, batch_id, source, product_id, status, event_seq) values (${m}, ${studioBatch.id}, ${JSON.stringify({ kind: 'product', productId: shop.sneakersId })}::jsonb, ${shop.sneakersId}, 'awaiting_review', 1) returning id`,
  )
  await query(
    sql`insert into studio_video_events (video_id, merchant_id, batch_id, seq, phase, status, percent) values (${studioVideo.id}, ${m}, ${studioBatch.id}, 1, 'review', 'awaiting_review', 30)`,
  )
  await query(
    sql`insert into studio_costs (merchant_id, video_id, instance_id, step, provider, unit, quantity, usd) values (${m}, ${studioVideo.id}, ${studioVideo.id}, 'script', 'template', 'requests', 1, 0)`,
  )
  await query(sql`insert into studio_safety_log (merchant_id, video_id, stage, decision) values (${m}, ${studioVideo.id}, 'render', 'allow')`)
  // Publishing: the time zone, a connected TikTok account (encrypted tokens), a connect flow in
  // progress, and a post with its TikTok target, one event and a metrics snapshot.
  await query(sql`insert into publishing_settings (merchant_id, time_zone) values (${m}, 'Africa/Nairobi')`)
  const pubChannel = await one(
    sql`insert into publishing_channels (merchant_id, platform, external_id, display_name, tokens_encrypted) values (${m}, 'tiktok', ${`open-${crypto.randomUUID()}`}, 'Kicks', 'v2.k0.x.y') returning id`,
  )
  const member = await signedInMember({ merchantId: m, role: 'owner' })
  const [session] = await query<{ id: string }>(sql`select id from sessions where user_id = ${member.userId} limit 1`)
  await query(
    sql`insert into publishing_oauth_states (state, merchant_id, user_id, session_id, platform, code_verifier, expires_at) values (${crypto.randomUUID()}, ${m}, ${member.userId}, ${session.id}, 'youtube', 'verifier', now() + interval '10 minutes')`,
  )
  const pubPost = await one(
    sql`insert into publishing_posts (merchant_id, status, source, studio_video_id, publish_at, local_time, time_zone) values (${m}, 'scheduled', ${JSON.stringify({ kind: 'studio', videoId: studioVideo.id })}::jsonb, ${studioVideo.id}, now() + interval '1 day', '2026-12-03T10:00', 'Africa/Nairobi') returning id`,
  )
  const pubTarget = await one(
    sql`insert into publishing_post_targets (post_id, merchant_id, platform, channel_id, caption) values (${pubPost.id}, ${m}, 'tiktok', ${pubChannel.id}, 'New drop') returning id`,
  )
  await query(sql`insert into publishing_post_events (target_id, merchant_id, kind, status) values (${pubTarget.id}, ${m}, 'scheduled', 'scheduled')`)
  await query(sql`insert into publishing_post_metrics (target_id, merchant_id, platform, views) values (${pubTarget.id}, ${m}, 'tiktok', 120)`)
  await query(sql`insert into bot_taught_phrases (merchant_id, text, key, intent) values (${m}, 'Paisa finance', 'paisa finance', 'payment_question')`)
  // Files: the product photo's recorded key (outside the prefix), two under the shop's media prefix and a studio intermediate.
  const mediaKeys = [shop.imageKey, `m/${m}/${'a'.repeat(64)}.jpg`, `m/${m}/${'b'.repeat(64)}.webp`, `m/${m}/studio-tmp/${studioVideo.id}/voice/c1.wav`]
  for (const key of mediaKeys) await env.MEDIA.put(key, new Uint8Array([1, 2, 3]))
  await query(
    sql`insert into media_assets (merchant_id, key, kind, content_type, bytes, sha256) values (${m}, ${mediaKeys[1]}, 'thumbnail', 'image/jpeg', 3, ${'a'.repeat(64)})`,
  )
  // A ready export, its zip under the shop's exports prefix.
  const exportKey = `exports/${m}/${crypto.randomUUID()}.zip`
  await env.MEDIA.put(exportKey, new Uint8Array([80, 75, 5, 6]))
  await query(
    sql`insert into shop_exports (merchant_id, status, key, bytes, finished_at, expires_at) values (${m}, 'ready', ${exportKey}, 4, now(), now() + interval '7 days')`,
  )
  return {
    ...shop,
    phoneNumberId,
    shopper,
    videoId: video.id,
    linkCode: link.code,
    conversationId: conv.id,
    orderId: order.id,
    mediaKeys,
    studioVideoId: studioVideo.id,
  }
}

/** Tables with a `merchant_id` column, from the live schema. */
export async function merchantTables(): Promise<string[]> {
  const rows = await query<{ table_name: string }>(
    sql`select c.table_name from information_schema.columns c join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema = 'public' and c.column_name = 'merchant_id' and t.table_type = 'BASE TABLE' order by 1`,
  )
  return rows.map((r) => r.table_name)
}

/** Rows of `merchantId` in each table with a `merchant_id` column (plus the merchants row itself). */
export async function rowsPerTable(merchantId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const t of await merchantTables()) {
    const [r] = await query<{ n: number }>(sql`select count(*)::int as n from ${sql.raw(`"${t}"`)} where merchant_id = ${merchantId}`)
    out[t] = Number(r.n)
  }
  const [m] = await query<{ n: number }>(sql`select count(*)::int as n from merchants where id = ${merchantId}`)
  out.merchants = Number(m.n)
  return out
}

/** Every R2 key under a prefix. */
export async function listKeys(prefix: string): Promise<string[]> {
  const keys: string[] = []
  let cursor: string | undefined
  do {
    const page = await env.MEDIA.list({ prefix, cursor })
    keys.push(...page.objects.map((o) => o.key))
    cursor = page.truncated ? page.cursor : undefined
  } while (cursor)
  return keys
}
