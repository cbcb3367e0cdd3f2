import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { query, signedInMember, sql } from '../../test/helpers'

type Checklist = {
  steps: { id: string; title: string; done: boolean; href: string; detail: string }[]
  done: number
  total: number
  complete: boolean
  shopUrl: string
}

const send = (method: string, path: string, headers: Record<string, string>, json: unknown) =>
  SELF.fetch(`http://hub.test${path}`, { method, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(json) })

describe('first-run checklist', () => {
  it('walks a new merchant through import, approve, storefront, WhatsApp and share, each turning done', async () => {
    const s = await signedInMember({ role: 'owner' })
    const checklist = async () => {
      const res = await SELF.fetch('http://hub.test/api/onboarding', { headers: s.headers })
      expect(res.status).toBe(200)
      return (await res.json()) as Checklist
    }
    const doneIds = (c: Checklist) => c.steps.filter((x) => x.done).map((x) => x.id)

    const fresh = await checklist()
    expect(fresh.steps.map((x) => [x.id, x.href])).toEqual([
      ['import', '/import'],
      ['approve', '/products'],
      ['storefront', '/storefront'],
      ['channel', '/channels'],
      ['share', '/links'],
    ])
    expect(fresh).toMatchObject({ done: 0, total: 5, complete: false })
    expect(fresh.shopUrl).toMatch(new RegExp(`/@${s.merchantSlug}$`))
    expect(fresh.steps[0].detail).toContain('Paste links')

    // 1. Import: a video arrives with its product proposal (what the ingest job writes).
    const [video] = await query<{ id: string }>(
      sql`insert into videos (merchant_id, external_id, url, caption, status) values (${s.merchantId}, '7301234567890123456', 'https://www.tiktok.com/@me/video/7301234567890123456', 'Red sneakers', 'ready') returning id`,
    )
    await query(sql`insert into product_proposals (merchant_id, video_id, draft, status) values (${s.merchantId}, ${video.id}, '{}'::jsonb, 'pending')`)
    const imported = await checklist()
    expect(doneIds(imported)).toEqual(['import'])
    expect(imported.steps[0].detail).toBe('1 video imported.')
    expect(imported.steps[1]).toMatchObject({ done: false, href: '/import/proposals' })
    expect(imported.steps[1].detail).toContain('1 proposal')

    // 2. Approve: a published product.
    const created = await send('POST', '/api/products', s.headers, { title: 'Red Sneakers', priceMinor: 450000, currency: 'NGN', status: 'published' })
    expect(created.status).toBe(201)
    const approved = await checklist()
    expect(doneIds(approved)).toEqual(['import', 'approve'])
    expect(approved.steps[1].detail).toMatch(/^1 product live/)

    // 3. Storefront settings saved.
    const saved = await send('PUT', '/api/storefront/settings', s.headers, { theme: 'sunset', bio: 'Sneakers from Lagos' })
    expect(saved.status).toBe(200)
    expect(doneIds(await checklist())).toEqual(['import', 'approve', 'storefront'])

    // 4. A WhatsApp number connected (the row connect-whatsapp writes once Meta has verified it).
    await query(
      sql`insert into channels (merchant_id, kind, external_id, display_name, secrets_encrypted) values (${s.merchantId}, 'whatsapp', ${`pn-${s.merchantId}`}, 'Kicks Lagos', 'x')`,
    )
    const connected = await checklist()
    expect(doneIds(connected)).toEqual(['import', 'approve', 'storefront', 'channel'])
    expect(connected.steps[3].detail).toContain('WhatsApp connected (Kicks Lagos)')

    // 5. Share: a short link made.
    const link = await send('POST', '/api/links', s.headers, { url: 'https://example.com/sale', title: 'Bio link' })
    expect(link.status).toBe(201)
    const all = await checklist()
    expect(all).toMatchObject({ done: 5, total: 5, complete: true })
    expect(all.steps[4].detail).toContain('1 short link made')
  })

  it('counts the link-in-bio page being opened as shared, and is per shop', async () => {
    const a = await signedInMember()
    const b = await signedInMember()
    await query(sql`insert into events (merchant_id, type, path) values (${a.merchantId}, 'page_view', ${`/@${a.merchantSlug}`})`)
    const get = async (headers: Record<string, string>) =>
      ((await (await SELF.fetch('http://hub.test/api/onboarding', { headers })).json()) as Checklist).steps.find((x) => x.id === 'share')
    expect(await get(a.headers)).toMatchObject({ done: true, detail: expect.stringContaining('has been opened') })
    expect(await get(b.headers)).toMatchObject({ done: false })
  })

  it('needs a signed-in member', async () => {
    expect((await SELF.fetch('http://hub.test/api/onboarding')).status).toBe(401)
  })
})
