// Test support for the studio: a shop with an owner, products with (or without) photos in R2,
// JSON calls to /api/studio, and polling of the video row (the record the UI reads).
import { env, SELF } from 'cloudflare:test'
import { eventually, query, type signedInMember, sql, TINY_PNG } from '../../test/helpers'

export type Member = Awaited<ReturnType<typeof signedInMember>>

export const api = (method: string, path: string, member: Member, body?: unknown) =>
  SELF.fetch(`http://hub.test/api/studio${path}`, {
    method,
    headers: { ...member.headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })

/** A product of the shop; `photos` images stored in R2 and attached in order. */
export async function seedProduct(merchantId: string, o: { title?: string; photos?: number; priceMinor?: number; stock?: number | null } = {}) {
  const title = o.title ?? 'Ankara Wrap Dress'
  const [p] = await query<{ id: string }>(
    sql`insert into products (merchant_id, slug, title, description, status, price_minor, currency, stock, category)
        values (${merchantId}, ${`p-${crypto.randomUUID().slice(0, 8)}`}, ${title}, 'Bright cotton print, made in Lagos.', 'published', ${o.priceMinor ?? 450000}, 'NGN', ${o.stock ?? null}, 'fashion') returning id`,
  )
  const keys: string[] = []
  for (let i = 0; i < (o.photos ?? 2); i++) {
    const key = `m/${merchantId}/${crypto.randomUUID().replace(/-/g, '')}.png`
    await env.MEDIA.put(key, TINY_PNG, { httpMetadata: { contentType: 'image/png' } })
    const [a] = await query<{ id: string }>(
      sql`insert into media_assets (merchant_id, key, kind, content_type, bytes, sha256, width, height) values (${merchantId}, ${key}, 'original', 'image/png', ${TINY_PNG.byteLength}, ${crypto.randomUUID().replace(/-/g, '').padEnd(64, '0')}, 64, 48) returning id`,
    )
    await query(sql`insert into product_media (merchant_id, product_id, asset_id, position) values (${merchantId}, ${p.id}, ${a.id}, ${i})`)
    keys.push(key)
  }
  return { id: p.id, title, keys }
}

export type VideoRow = {
  id: string
  status: string
  phase: string
  percent: number
  error: string | null
  script: { scenes: { id: string; kind: string; say: string; onScreen: string }[]; caption: string; writer: string } | null
  providers: Record<string, string>
  outputs: { name: string; key: string; kind: string; cut?: string }[]
  workflow_instance_id: string
}

export const videoRow = async (id: string) =>
  (
    await query<VideoRow>(sql`select id, status, phase, percent, error, script, providers, outputs, workflow_instance_id from studio_videos where id = ${id}`)
  )[0]

/** Waits until the video's row has one of these statuses (the Workflow's instance status stays `running` while it waits locally). */
export async function waitForStatus(id: string, statuses: string[], timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs
  return eventually(
    async () => {
      const row = await videoRow(id)
      if (row?.status === 'failed' && !statuses.includes('failed')) throw new Error(`video failed: ${row.error}`)
      if (Date.now() > deadline - 200) console.warn('still', row?.status, row?.phase, row?.error, JSON.stringify(await eventsOf(id)))
      return row && statuses.includes(row.status) ? row : null
    },
    { timeoutMs, intervalMs: 150 },
  )
}

export const eventsOf = async (id: string) =>
  query<{ seq: number; status: string; phase: string; percent: number; data: Record<string, unknown> }>(
    sql`select seq, status, phase, percent, data from studio_video_events where video_id = ${id} order by seq`,
  )

/** Render steps replaced by small results, for tests of the review branches (the full render is its own test). */
export const MOCKED_RENDER_STEPS: Array<[string, unknown]> = [
  ['voice', { voiceKey: 'none', timing: { durationMs: 14_000, chunks: [] }, engine: 'espeak-ng' }],
  ['assembly', { cuts: 0, aiMade: false }],
  ['quality', { passed: 0 }],
]
