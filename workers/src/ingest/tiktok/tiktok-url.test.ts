import { describe, expect, it } from 'vitest'
import { CircuitBreaker, fetchOembed, retryAfterMs } from './oembed-client'
import { isAllowedCoverUrl, parseTikTokLink } from './tiktok-url'

const ID = '7234567890123456789'

describe('parseTikTokLink: every URL shape', () => {
  it.each([
    [`https://www.tiktok.com/@shop.lagos/video/${ID}`, `https://www.tiktok.com/@shop.lagos/video/${ID}`],
    [`https://www.tiktok.com/@shop.lagos/video/${ID}?is_from_webapp=1&sender_device=pc&_r=1&utm_source=copy`, `https://www.tiktok.com/@shop.lagos/video/${ID}`],
    [`www.tiktok.com/@shop_1/photo/${ID}`, `https://www.tiktok.com/@shop_1/photo/${ID}`],
    [`https://tiktok.com/@shop/video/${ID}/`, `https://www.tiktok.com/@shop/video/${ID}`],
    [`https://www.tiktok.com/embed/${ID}`, `https://www.tiktok.com/@_/video/${ID}`],
    [`https://www.tiktok.com/embed/v2/${ID}?lang=en`, `https://www.tiktok.com/@_/video/${ID}`],
    [`https://m.tiktok.com/v/${ID}.html?u_code=abc`, `https://www.tiktok.com/@_/video/${ID}`],
    [`  <https://www.tiktok.com/@shop/video/${ID}#comments>  `, `https://www.tiktok.com/@shop/video/${ID}`],
  ])('normalises %s', (input, url) => {
    const parsed = parseTikTokLink(input)
    expect(parsed).toMatchObject({ ok: true, kind: 'video', videoId: ID, url })
  })

  it.each([
    ['https://vm.tiktok.com/ZMabc123/', 'https://vm.tiktok.com/ZMabc123'],
    ['https://vt.tiktok.com/ZSxyz789', 'https://vt.tiktok.com/ZSxyz789'],
    ['https://www.tiktok.com/t/ZTRabcde/?t=1', 'https://www.tiktok.com/t/ZTRabcde'],
  ])('recognises the short link %s', (input, url) => {
    expect(parseTikTokLink(input)).toEqual({ ok: true, kind: 'short', url })
  })
})

describe('parseTikTokLink: refusals with a reason', () => {
  it.each([
    ['https://example.com/@shop/video/1234567890', /not a TikTok link/],
    ['https://tiktok.com.evil.example/@shop/video/1234567890', /not a TikTok link/],
    ['https://www.tiktok.com/@shop', /not to a video/],
    ['hello world', /not a TikTok link|not a link/],
    ['', /not a link/],
    ['ftp://www.tiktok.com/@shop/video/1234567890', /only http\(s\)/],
    ['javascript:alert(1)', /only http\(s\)/],
    ['https://user:pw@www.tiktok.com/@shop/video/1234567890', /user name or password/],
    ['https://www.tiktok.com:8443/@shop/video/1234567890', /non-default port/],
  ])('refuses %s', (input, reason) => {
    const parsed = parseTikTokLink(input)
    expect(parsed.ok).toBe(false)
    expect(!parsed.ok && parsed.reason).toMatch(reason)
  })

  it.each([
    ['http://127.0.0.1/@shop/video/1234567890', 'private address 127.0.0.1'],
    ['http://2130706433/', 'private address 127.0.0.1'],
    ['http://0x7f000001/', 'private address 127.0.0.1'],
    ['http://0177.0.0.1/', 'private address 127.0.0.1'],
    ['http://0x7f.1/', 'private address 127.0.0.1'],
    ['http://10.1.2.3/', 'private address 10.1.2.3'],
    ['http://192.168.0.10/', 'private address 192.168.0.10'],
    ['http://172.20.0.1/', 'private address 172.20.0.1'],
    ['http://169.254.169.254/latest/meta-data/', 'private address 169.254.169.254'],
    ['http://[::1]/', 'private address [::1]'],
    ['http://[fd00::1]/', 'private address [fd00::1]'],
    ['http://[fe80::1]/', 'private address [fe80::1]'],
    ['http://[::ffff:127.0.0.1]/', 'private address [::ffff:7f00:1]'],
    ['http://localhost/@shop/video/1234567890', 'private address localhost'],
    ['http://8.8.8.8/', 'IP address 8.8.8.8 instead of a TikTok host'],
  ])('refuses the SSRF target %s', (input, reason) => {
    expect(parseTikTokLink(input)).toEqual({ ok: false, reason })
  })
})

describe('cover URL allowlist', () => {
  it('accepts TikTok CDN hosts and refuses others', () => {
    expect(isAllowedCoverUrl(new URL('https://p16-sign-va.tiktokcdn.com/obj/x.jpeg?x-expires=1'), '')).toBe(true)
    expect(isAllowedCoverUrl(new URL('https://p19-sign.tiktokcdn-us.com/x.jpeg'), '')).toBe(true)
    expect(isAllowedCoverUrl(new URL('https://p3.byteimg.com/x.jpeg'), '')).toBe(true)
    expect(isAllowedCoverUrl(new URL('https://evil.example/x.jpeg'), '')).toBe(false)
    expect(isAllowedCoverUrl(new URL('https://tiktokcdn.com.evil.example/x.jpeg'), '')).toBe(false)
    expect(isAllowedCoverUrl(new URL('http://127.0.0.1:9/x.jpeg'), '')).toBe(false)
    expect(isAllowedCoverUrl(new URL('http://127.0.0.1:9/x.jpeg'), 'http://127.0.0.1:9')).toBe(true)
  })
})

describe('oEmbed client (stubbed transport)', () => {
  const ok = () => new Response(JSON.stringify({ title: 'hi', embed_product_id: ID }), { headers: { 'content-type': 'application/json' } })

  it('honours Retry-After between attempts', async () => {
    const waits: number[] = []
    let n = 0
    const o = await fetchOembed(`https://www.tiktok.com/@a/video/${ID}`, {
      endpoint: 'https://oembed.test/oembed',
      fetch: async () => (++n === 1 ? new Response('slow down', { status: 429, headers: { 'retry-after': '2' } }) : ok()),
      sleep: async (ms) => void waits.push(ms),
      breaker: new CircuitBreaker(),
    })
    expect(o.title).toBe('hi')
    expect(waits).toEqual([2000])
  })

  it('hands a long Retry-After back to the queue instead of waiting', async () => {
    await expect(
      fetchOembed(`https://www.tiktok.com/@a/video/${ID}`, {
        endpoint: 'https://oembed.test/oembed',
        fetch: async () => new Response('', { status: 429, headers: { 'retry-after': '120' } }),
        sleep: async () => {},
        breaker: new CircuitBreaker(),
      }),
    ).rejects.toMatchObject({ code: 'rate_limited' })
  })

  it('opens the breaker after repeated failures and fails fast until the cooldown is over', async () => {
    let now = 0
    const breaker = new CircuitBreaker(3, 30_000, () => now)
    let calls = 0
    const failing = async () => {
      calls++
      return new Response('', { status: 503 })
    }
    const opts = { endpoint: 'https://oembed.test/oembed', fetch: failing, sleep: async () => {}, breaker, attempts: 3 }
    await expect(fetchOembed(`https://www.tiktok.com/@a/video/${ID}`, opts)).rejects.toMatchObject({
      code: 'bad_gateway',
      message: 'TikTok oEmbed answered 503',
    })
    expect(calls).toBe(3)
    expect(breaker.state).toBe('open')
    await expect(fetchOembed(`https://www.tiktok.com/@a/video/${ID}`, opts)).rejects.toThrow(/paused/)
    expect(calls).toBe(3)
    now += 31_000
    expect(breaker.state).toBe('half-open')
    await expect(fetchOembed(`https://www.tiktok.com/@a/video/${ID}`, { ...opts, fetch: async () => ok() })).resolves.toMatchObject({ title: 'hi' })
    expect(breaker.state).toBe('closed')
  })

  it('treats a 404 as permanent (private or removed video)', async () => {
    await expect(
      fetchOembed(`https://www.tiktok.com/@a/video/${ID}`, {
        endpoint: 'https://oembed.test/oembed',
        fetch: async () => new Response('', { status: 404 }),
        breaker: new CircuitBreaker(),
      }),
    ).rejects.toMatchObject({ code: 'unprocessable', message: 'TikTok says the video is private or was removed' })
  })

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000)
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000)
    expect(retryAfterMs(null)).toBeNull()
  })
})
