import { env, SELF } from 'cloudflare:test'
import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { eventually, query, signedInMember, sql, withDb } from '../../test/helpers'
import { createLogger } from '../lib/logger'
import { sweepPrivacy } from './sweep-privacy'
import { listKeys, ownerWithPassword, seedWholeShop } from './test-kit'

type ExportView = { id: string; status: string; rowsDone: number; rowsTotal: number; downloadUrl: string | null; expiresAt: string | null }

const post = (path: string, headers: Record<string, string>) => SELF.fetch(`http://hub.test${path}`, { method: 'POST', headers })
const get = (path: string, headers: Record<string, string>) => SELF.fetch(`http://hub.test${path}`, { headers })

async function waitReady(id: string, headers: Record<string, string>) {
  return eventually(
    async () => {
      const e = (await (await get(`/api/privacy/exports/${id}`, headers)).json()) as ExportView
      return e.status === 'ready' ? e : null
    },
    { timeoutMs: 25_000 },
  )
}

describe('shop export', () => {
  it('builds a zip in the background with JSON and CSV per table, progress, media manifest, and no secrets', async () => {
    const shop = await seedWholeShop()
    const owner = await ownerWithPassword(shop.merchantId)
    const started = await post('/api/privacy/exports', owner.headers)
    expect(started.status).toBe(202)
    const queued = (await started.json()) as ExportView
    expect(['queued', 'running']).toContain(queued.status)

    // One at a time: a second request while the first is queued or running is refused.
    const again = await post('/api/privacy/exports', owner.headers)
    const [row] = await query<{ status: string }>(sql`select status from shop_exports where id = ${queued.id}`)
    if (row.status !== 'ready') expect(again.status).toBe(409)

    const ready = await waitReady(queued.id, owner.headers)
    expect(ready.rowsTotal).toBeGreaterThan(10)
    expect(ready.rowsDone).toBe(ready.rowsTotal)
    expect(ready.downloadUrl).toBe(`/api/privacy/exports/${queued.id}/download`)
    expect(new Date(ready.expiresAt ?? 0).getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000)

    const res = await get(ready.downloadUrl ?? '', owner.headers)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/zip')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="linkhub-export-.*\.zip"$/)
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()))
    const json = (name: string) => JSON.parse(strFromU8(files[name])) as Record<string, unknown>[]
    for (const t of ['shop', 'products', 'product_variants', 'categories', 'media', 'videos', 'proposals', 'orders', 'order_items']) {
      expect(files[`${t}.json`], t).toBeDefined()
      expect(files[`${t}.csv`], t).toBeDefined()
    }
    for (const t of ['conversations', 'messages', 'short_links', 'events', 'analytics_daily', 'members', 'manifest'])
      expect(files[`${t}.json`], t).toBeDefined()

    const products = json('products.json')
    expect(products.map((p) => p.title).sort()).toEqual(['Blue Court Sneakers', 'Leather Tote', 'Red Runner Sneakers'])
    expect(products.every((p) => p.merchant_id === shop.merchantId && !('search' in p))).toBe(true)
    expect(json('product_variants.json')).toHaveLength(3)
    expect(json('orders.json')[0]).toMatchObject({ customer_name: 'Bola Ade', subtotal_minor: 450000, currency: 'NGN' })
    expect(json('messages.json').map((m) => m.text)).toEqual(expect.arrayContaining(['Do you have size 42?', 'hi']))
    expect(json('analytics_daily.json')).toEqual([expect.objectContaining({ type: 'link_click', count: 1 })])
    const media = json('media.json')
    expect(media.map((m) => m.key).sort()).toEqual([...shop.mediaKeys.slice(0, 2)].sort())
    expect(media.find((m) => m.key === shop.imageKey)?.url).toBe(`http://hub.test/media/${shop.imageKey}`)
    // Secrets stay out: link passwords, channel tokens, password hashes.
    const links = json('short_links.json')
    expect(links[0].code).toBe(shop.linkCode)
    expect('password_hash' in links[0]).toBe(false)
    const everything = Object.values(files)
      .map((f) => strFromU8(f))
      .join('\n')
    expect(everything).not.toContain('secret-hash')
    expect(everything).not.toContain('EAAG-test-access-token')
    expect(json('channels.json')[0]).not.toHaveProperty('secrets_encrypted')
    expect(json('members.json')[0]).not.toHaveProperty('password_hash')
    // The studio: videos, costs, safety decisions and settings, without the shop's OpenAI key.
    expect(json('studio_videos.json').map((v) => v.id)).toEqual([shop.studioVideoId])
    expect(json('studio_costs.json')).toEqual([expect.objectContaining({ video_id: shop.studioVideoId, provider: 'template' })])
    expect(json('studio_safety_log.json')).toHaveLength(1)
    expect(json('studio_settings.json')).toEqual([expect.objectContaining({ brand_voice: { tone: 'premium' } })])
    expect(everything).not.toContain('openai_key_encrypted')
    // CSV: a header line, then a line per row.
    const csv = strFromU8(files['products.csv']).trim().split('\n')
    expect(csv[0].split(',')).toContain('title')
    expect(csv).toHaveLength(4)

    // The zip is private: the public media route does not serve it.
    const [{ key }] = await query<{ key: string }>(sql`select key from shop_exports where id = ${queued.id}`)
    expect(key).toMatch(new RegExp(`^exports/${shop.merchantId}/`))
    expect((await SELF.fetch(`http://hub.test/media/${key}`)).status).toBe(404)

    // After 7 days the sweep deletes the object and the link answers 410.
    const later = new Date(Date.now() + 7 * 86_400_000 + 60_000)
    await withDb((db) => sweepPrivacy({ db, env, log: createLogger('error') }, later, { retentionOnly: [] }))
    expect(await listKeys(`exports/${shop.merchantId}/`)).toEqual([])
    const gone = await get(ready.downloadUrl ?? '', owner.headers)
    expect(gone.status).toBe(410)
    expect(((await (await get(`/api/privacy/exports/${queued.id}`, owner.headers)).json()) as ExportView).status).toBe('expired')
  })

  it('pages through a big table: 1,200 events come out whole, once each, in JSON and CSV', async () => {
    const member = await signedInMember({ role: 'owner' })
    await query(
      sql`insert into events (merchant_id, type, occurred_at) select ${member.merchantId}, 'page_view', now() - (g || ' seconds')::interval from generate_series(1, 1200) g`,
    )
    const e = (await (await post('/api/privacy/exports', member.headers)).json()) as ExportView
    const ready = await waitReady(e.id, member.headers)
    // The events, the shop row, and the audit entry of the export request.
    expect(ready.rowsTotal).toBe(1202)
    const files = unzipSync(new Uint8Array(await (await get(ready.downloadUrl ?? '', member.headers)).arrayBuffer()))
    const events = JSON.parse(strFromU8(files['events.json'])) as { id: number }[]
    expect(events).toHaveLength(1200)
    expect(new Set(events.map((x) => x.id)).size).toBe(1200)
    expect(strFromU8(files['events.csv']).trim().split('\n')).toHaveLength(1201)
  })

  it('exports a shop of 100 products (300 variants) and 10,000 events in under 60 s', async () => {
    const member = await signedInMember({ role: 'owner' })
    const m = member.merchantId
    await query(
      sql`insert into products (merchant_id, slug, title, description, status, price_minor, currency)
          select ${m}, 'p-' || g, 'Product ' || g, repeat('Hand-made and lovely. ', 20), 'published', 1000 * g, 'KES' from generate_series(1, 100) g`,
    )
    await query(
      sql`insert into product_variants (merchant_id, product_id, title, options, price_minor, position)
          select ${m}, p.id, 'Size ' || s, jsonb_build_object('size', s::text), p.price_minor, s from products p, generate_series(1, 3) s where p.merchant_id = ${m}`,
    )
    await query(
      sql`insert into events (merchant_id, type, occurred_at, path) select ${m}, 'page_view', now() - (g || ' seconds')::interval, '/@shop' from generate_series(1, 10000) g`,
    )
    const t0 = Date.now()
    const e = (await (await post('/api/privacy/exports', member.headers)).json()) as ExportView
    const ready = await eventually(
      async () => {
        const x = (await (await get(`/api/privacy/exports/${e.id}`, member.headers)).json()) as ExportView
        return x.status === 'ready' ? x : null
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    )
    const seconds = (Date.now() - t0) / 1000
    expect(seconds).toBeLessThan(60)
    expect(ready.rowsTotal).toBe(100 + 300 + 10_000 + 2)
    const files = unzipSync(new Uint8Array(await (await get(ready.downloadUrl ?? '', member.headers)).arrayBuffer()))
    expect(JSON.parse(strFromU8(files['products.json']))).toHaveLength(100)
    expect(JSON.parse(strFromU8(files['product_variants.json']))).toHaveLength(300)
    expect(JSON.parse(strFromU8(files['events.json']))).toHaveLength(10_000)
  }, 90_000)

  it('is for owners only, and another shop’s export is not found', async () => {
    const owner = await signedInMember({ role: 'owner' })
    const staff = await signedInMember({ merchantId: owner.merchantId, role: 'staff' })
    expect((await post('/api/privacy/exports', staff.headers)).status).toBe(403)
    expect((await get('/api/privacy/exports', staff.headers)).status).toBe(403)
    const e = (await (await post('/api/privacy/exports', owner.headers)).json()) as ExportView
    await waitReady(e.id, owner.headers)
    const other = await signedInMember({ role: 'owner' })
    expect((await get(`/api/privacy/exports/${e.id}`, other.headers)).status).toBe(404)
    expect((await get(`/api/privacy/exports/${e.id}/download`, other.headers)).status).toBe(404)
    expect((await get(`/api/privacy/exports/${e.id}/download`, staff.headers)).status).toBe(403)
    expect((await get(`/api/privacy/exports/${e.id}/download`, {})).status).toBe(401)
  })
})
