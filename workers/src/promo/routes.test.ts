import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { eventually, query, signedInMember, sql, TINY_PNG } from '../../test/helpers'

async function productWithImage(merchantId: string) {
  const key = `m/${merchantId}/${crypto.randomUUID().replace(/-/g, '').padEnd(64, '0')}.png`
  await env.MEDIA.put(key, TINY_PNG, { httpMetadata: { contentType: 'image/png' } })
  const [product] = await query<{ id: string }>(
    sql`insert into products (merchant_id, slug, title, price_minor, currency) values (${merchantId}, ${`p-${crypto.randomUUID().slice(0, 8)}`}, 'Red Runner Sneakers', 450000, 'NGN') returning id`,
  )
  const [asset] = await query<{ id: string }>(
    sql`insert into media_assets (merchant_id, key, content_type, bytes, sha256) values (${merchantId}, ${key}, 'image/png', ${TINY_PNG.byteLength}, 'x') returning id`,
  )
  await query(sql`insert into product_media (merchant_id, product_id, asset_id) values (${merchantId}, ${product.id}, ${asset.id})`)
  return product.id
}

const json = (body: unknown, headers: Record<string, string>) => ({
  method: 'POST',
  body: JSON.stringify(body),
  headers: { ...headers, 'content-type': 'application/json' },
})

describe('promo videos', () => {
  it('makes a promo video of a product and lists it, playable, on the product’s media', async () => {
    const owner = await signedInMember()
    const productId = await productWithImage(owner.merchantId)
    const res = await SELF.fetch(`http://hub.test/api/products/${productId}/promo`, json({ durationSeconds: 6, resolution: '540x960' }, owner.headers))
    expect(res.status).toBe(202)
    const { job } = (await res.json()) as { job: { id: string; status: string } }
    expect(job.status).toBe('queued')

    const done = await eventually(
      async () => {
        const r = (await (await SELF.fetch(`http://hub.test/api/jobs/${job.id}`, { headers: owner.headers })).json()) as {
          job: { status: string; progress: number }
        }
        return r.job.status === 'succeeded' ? r.job : null
      },
      { timeoutMs: 60_000, intervalMs: 300 },
    )
    expect(done.progress).toBe(100)

    const media = (await (await SELF.fetch(`http://hub.test/api/products/${productId}/media`, { headers: owner.headers })).json()) as {
      promos: { url: string; contentType: string; width: number; height: number; durationMs: number }[]
    }
    expect(media.promos).toHaveLength(1)
    expect(media.promos[0]).toMatchObject({ contentType: 'video/mp4', width: 540, height: 960 })
    expect(media.promos[0].durationMs).toBeGreaterThan(5_500)
    const video = await SELF.fetch(`http://hub.test${media.promos[0].url}`, { headers: { range: 'bytes=0-11' } })
    expect(video.status).toBe(206)
    expect(new TextDecoder().decode((await video.arrayBuffer()).slice(4, 8))).toBe('ftyp')
  }, 90_000)

  it('refuses a product without images with a message that says what to do', async () => {
    const owner = await signedInMember()
    const [product] = await query<{ id: string }>(
      sql`insert into products (merchant_id, slug, title, currency) values (${owner.merchantId}, 'bare', 'Bare', 'USD') returning id`,
    )
    const res = await SELF.fetch(`http://hub.test/api/products/${product.id}/promo`, json({}, owner.headers))
    expect(res.status).toBe(422)
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/add at least one product image/)
  })

  it('answers 404 for another merchant’s product and job, and 403 for a viewer', async () => {
    const a = await signedInMember()
    const b = await signedInMember()
    const productId = await productWithImage(b.merchantId)
    expect((await SELF.fetch(`http://hub.test/api/products/${productId}/promo`, json({}, a.headers))).status).toBe(404)
    expect((await SELF.fetch(`http://hub.test/api/products/${productId}/media`, { headers: a.headers })).status).toBe(404)
    const res = await SELF.fetch(`http://hub.test/api/products/${productId}/promo`, json({ resolution: '540x960', durationSeconds: 6 }, b.headers))
    const { job } = (await res.json()) as { job: { id: string } }
    expect((await SELF.fetch(`http://hub.test/api/jobs/${job.id}`, { headers: a.headers })).status).toBe(404)
    expect((await SELF.fetch(`http://hub.test/api/jobs/${job.id}/retry`, { method: 'POST', headers: a.headers })).status).toBe(404)
    const viewer = await signedInMember({ merchantId: b.merchantId, role: 'viewer' })
    expect((await SELF.fetch(`http://hub.test/api/products/${productId}/promo`, json({}, viewer.headers))).status).toBe(403)
  })

  it('retries only failed or dead jobs', async () => {
    const owner = await signedInMember()
    const productId = await productWithImage(owner.merchantId)
    const { job } = (await (
      await SELF.fetch(`http://hub.test/api/products/${productId}/promo`, json({ resolution: '540x960', durationSeconds: 6 }, owner.headers))
    ).json()) as {
      job: { id: string }
    }
    const res = await SELF.fetch(`http://hub.test/api/jobs/${job.id}/retry`, { method: 'POST', headers: owner.headers })
    expect(res.status).toBe(409)
    await query(sql`update jobs set status = 'dead', error = 'gave up' where id = ${job.id}`)
    const retried = await SELF.fetch(`http://hub.test/api/jobs/${job.id}/retry`, { method: 'POST', headers: owner.headers })
    expect(retried.status).toBe(202)
    expect(((await retried.json()) as { job: { status: string; error: string | null } }).job).toMatchObject({ status: 'queued', error: null })
  })
})
