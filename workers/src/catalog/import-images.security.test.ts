import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { query, signedInMember, sql, TINY_PNG, testEnv, withDb } from '../../test/helpers'
import { importCatalog } from './import-catalog'
import { IMAGE_URL_REFUSED } from './product-images'

const fake = testEnv.TEST_TIKTOK_FAKE_URL
const fakePort = new URL(fake).port
const hub = (p: string) => `http://hub.test${p}`
const postCsv = (headers: { cookie: string }, csv: string) =>
  SELF.fetch(hub('/api/products/import'), { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body: csv })
const csvWith = (rows: [string, string][]) =>
  ['handle,title,currency,price,status,image_urls', ...rows.map(([slug, urls]) => `${slug},${slug},USD,10.00,draft,"${urls}"`)].join('\n')
const fakeCalls = async () => (await (await fetch(`${fake}/__calls`)).json()) as { path: string }[]
const script = (reply: Record<string, unknown>) => fetch(`${fake}/__script`, { method: 'POST', body: JSON.stringify(reply) })
const imagesOf = (merchantId: string) =>
  query<{ slug: string; n: number }>(
    sql`select p.slug, count(pm.asset_id)::int as n from products p left join product_media pm on pm.product_id = p.id where p.merchant_id = ${merchantId} group by p.slug order by p.slug`,
  )

describe('CSV import image_urls cannot reach internal addresses (SSRF)', () => {
  it('refuses loopback in every notation and a public-looking URL that redirects inside, with one generic message, nothing stored, no request inside', async () => {
    const { headers, merchantId } = await signedInMember({ role: 'staff' })
    const id = crypto.randomUUID().slice(0, 8)
    // A TikTok CDN address (sent to the fake in tests) that 302-redirects to an internal address.
    await script({ path: `^/ssrf-${id}\\.jpg$`, status: 302, headers: { location: `http://127.0.0.1:${fakePort}/internal-${id}/redirected` } })
    const urls = [
      `http://127.0.0.1:${fakePort}/internal-${id}/dotted`,
      `http://[::ffff:127.0.0.1]:${fakePort}/internal-${id}/mapped`,
      `http://0x7f000001:${fakePort}/internal-${id}/hex`,
      'http://169.254.169.254/latest/meta-data/',
      `https://p16-sign.tiktokcdn.com/ssrf-${id}.jpg`,
    ]
    const res = await postCsv(headers, csvWith(urls.map((u, i) => [`ssrf-${i}`, u])))
    expect(res.status).toBe(200)
    const body = (await res.json()) as { created: number; imageErrors: { line: number; column: string; message: string }[] }
    expect(body.created).toBe(urls.length)
    expect(body.imageErrors).toEqual(urls.map((u, i) => ({ line: i + 2, column: 'image_urls', message: `could not copy ${u}: ${IMAGE_URL_REFUSED}` })))
    expect((await imagesOf(merchantId)).map((r) => r.n)).toEqual(urls.map(() => 0))
    expect(await query(sql`select 1 from media_assets where merchant_id = ${merchantId}`)).toHaveLength(0)
    const calls = (await fakeCalls()).map((c) => c.path)
    expect(calls).toContain(`/ssrf-${id}.jpg`) // the public-looking hop was fetched…
    expect(calls.filter((p) => p.startsWith(`/internal-${id}`))).toEqual([]) // …the internal target never was
  })

  it('gives the same message for a closed port, a 404, a non-image and a timeout (no port scanning)', async () => {
    const { headers } = await signedInMember({ role: 'staff' })
    const id = crypto.randomUUID().slice(0, 8)
    await script({ path: `^/notimage-${id}$`, status: 200, raw: '<html>secret admin</html>', headers: { 'content-type': 'text/html' } })
    const urls = [`https://p16-sign.tiktokcdn.com/missing-${id}.jpg`, `https://p16-sign.tiktokcdn.com/notimage-${id}`, 'https://closed-port.invalid/a.png']
    const body = (await (await postCsv(headers, csvWith(urls.map((u, i) => [`same-${i}`, u])))).json()) as { imageErrors: { message: string }[] }
    expect(new Set(body.imageErrors.map((e) => e.message.replace(/^could not copy \S+: /, '')))).toEqual(new Set([IMAGE_URL_REFUSED]))
    expect(body.imageErrors).toHaveLength(3)
  })

  it('still copies a real image from an allowed public address', async () => {
    const { headers, merchantId } = await signedInMember({ role: 'staff' })
    const u = `https://p16-sign.tiktokcdn.com/cover/7234567890123450001.jpeg?x-expires=${Math.floor(Date.now() / 1000) + 3600}`
    const body = (await (await postCsv(headers, csvWith([['good-image', u]]))).json()) as { imageErrors: unknown[] }
    expect(body.imageErrors).toEqual([])
    expect(await imagesOf(merchantId)).toEqual([{ slug: 'good-image', n: 1 }])
  })
})

describe('CSV import image fetches are bounded and concurrent', () => {
  const slowFetch = (delayMs: number) =>
    (async (input: RequestInfo | URL, init?: RequestInit) => {
      await new Promise((r) => setTimeout(r, delayMs))
      if (String(input).includes('/never')) {
        // Headers at once, then a body that never ends: cut off by the deadline.
        return new Response(new ReadableStream({ pull: () => new Promise((r) => setTimeout(r, 60_000)) }), { headers: { 'content-type': 'image/png' } })
      }
      init?.signal?.throwIfAborted()
      return new Response(TINY_PNG, { headers: { 'content-type': 'image/png' } })
    }) as typeof fetch

  it('fetches 6 slow image URLs of one import at once, not one after another, and keeps their order', async () => {
    const m = await signedInMember({ role: 'staff' })
    const urls = Array.from({ length: 6 }, (_, i) => `https://slow.example.com/${i}.png`)
    const csv = csvWith([['six-slow', urls.join(' ')]])
    const t0 = Date.now()
    const result = await withDb((db) =>
      importCatalog(
        { db, env },
        { merchantId: m.merchantId, userId: m.userId },
        { text: csv, dryRun: false, origin: 'http://hub.test', images: { fetch: slowFetch(1000) } },
      ),
    )
    const elapsed = Date.now() - t0
    expect(result.dryRun === false && result.imageErrors).toEqual([])
    // Serially this takes 6 s; at most 4 at once, two rounds.
    expect(elapsed).toBeLessThan(3500)
    const stored = await query<{ url: string }>(
      sql`select a.meta->>'sourceUrl' as url from product_media pm join media_assets a on a.id = pm.asset_id join products p on p.id = pm.product_id where p.merchant_id = ${m.merchantId} order by pm.position`,
    )
    // Same bytes are content-addressed: one asset, attached once.
    expect(stored.length).toBeGreaterThanOrEqual(1)
  })

  it('cuts off a slow image at the deadline with the generic message', async () => {
    const m = await signedInMember({ role: 'staff' })
    const t0 = Date.now()
    const result = await withDb((db) =>
      importCatalog(
        { db, env },
        { merchantId: m.merchantId, userId: m.userId },
        {
          text: csvWith([['slow-one', 'https://slow.example.com/never.png']]),
          dryRun: false,
          origin: 'http://hub.test',
          images: { fetch: slowFetch(10), timeoutMs: 1000 },
        },
      ),
    )
    expect(Date.now() - t0).toBeLessThan(5000)
    expect(result.dryRun === false && result.imageErrors).toEqual([
      { line: 2, column: 'image_urls', message: `could not copy https://slow.example.com/never.png: ${IMAGE_URL_REFUSED}` },
    ])
  })
})

describe('CSV import body cap', () => {
  it('stops reading a CSV body sent without a content-length once it passes 5 MB', async () => {
    const { headers, merchantId } = await signedInMember({ role: 'staff' })
    let sent = 0
    const row = new TextEncoder().encode(`${'x'.repeat(1023)}\n`)
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent === 0) c.enqueue(new TextEncoder().encode('handle,title,currency,price\n'))
        sent += 1024 * 1024
        if (sent > 64 * 1024 * 1024) return c.close()
        c.enqueue(new Uint8Array(Array.from({ length: 1024 }, () => [...row]).flat()))
      },
    })
    const res = await SELF.fetch(hub('/api/products/import'), {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/csv' },
      body,
      // @ts-expect-error workerd needs duplex for a streamed request body
      duplex: 'half',
    })
    expect(res.status).toBe(413)
    expect(sent).toBeLessThan(20 * 1024 * 1024)
    expect(await query(sql`select 1 from products where merchant_id = ${merchantId}`)).toHaveLength(0)
  })
})
