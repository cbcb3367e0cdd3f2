import { describe, expect, it } from 'vitest'
import { addressRefusal, GUARDED_FETCH_REFUSED, GuardedFetchError, guardedFetch } from './guarded-fetch'

const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC'), (c) => c.charCodeAt(0))

/** A fetch that answers from a table of URL → reply and records every URL asked for. */
function fakeFetch(routes: Record<string, () => Response | Promise<Response>>) {
  const asked: string[] = []
  const f = (async (input: RequestInfo | URL) => {
    const url = String(input instanceof Request ? input.url : input)
    asked.push(url)
    const route = routes[url]
    if (!route) throw new TypeError('connection refused')
    return route()
  }) as typeof fetch
  return { fetch: f, asked }
}

describe('guarded fetch: address rules in every notation', () => {
  it.each([
    'http://127.0.0.1/',
    'http://127.1/',
    'http://2130706433/',
    'http://0x7f000001/',
    'http://0177.0.0.1/',
    'http://0x7f.1/',
    'http://[::1]/',
    'http://[::]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://[::ffff:10.0.0.1]/',
    'http://[0:0:0:0:0:ffff:169.254.169.254]/',
    'http://[64:ff9b::7f00:1]/',
    'http://[fc00::1]/',
    'http://[fd12:3456::1]/',
    'http://[fe80::1]/',
    'http://[ff02::1]/',
    'http://0.0.0.0/',
    'http://0/',
    'http://10.0.0.5/',
    'http://100.64.0.1/',
    'http://100.127.255.255/',
    'http://169.254.169.254/latest/meta-data/',
    'http://172.16.0.1/',
    'http://172.31.255.255/',
    'http://192.168.1.1/',
    'http://198.18.0.1/',
    'http://198.19.255.255/',
    'http://224.0.0.1/',
    'http://239.255.255.250/',
    'http://255.255.255.255/',
    'http://localhost/',
    'http://LOCALHOST./',
    'http://api.localhost/',
    'http://printer.local/',
    'http://metadata.google.internal/',
    'http://intranet/',
    'https://user:pw@example.com/a.png',
    'https://example.com:8443/a.png',
    'ftp://example.com/a.png',
    'file:///etc/passwd',
    'data:image/png;base64,AAAA',
  ])('refuses %s', (u) => {
    expect(addressRefusal(new URL(u))).not.toBeNull()
  })

  it.each([
    'https://example.com/a.png',
    'http://8.8.8.8/a.png',
    'https://[2606:4700::1111]/a.png',
    'http://172.32.0.1/',
    'http://100.128.0.1/',
    'http://198.20.0.1/',
  ])('lets %s through', (u) => {
    expect(addressRefusal(new URL(u))).toBeNull()
  })
})

describe('guarded fetch: redirects, limits and one generic error', () => {
  it('re-checks every redirect hop and never sends the request to an internal target', async () => {
    const { fetch, asked } = fakeFetch({
      'https://images.example.com/a.png': () => new Response(null, { status: 302, headers: { location: 'https://cdn.example.com/b.png' } }),
      'https://cdn.example.com/b.png': () => new Response(null, { status: 302, headers: { location: 'http://[::ffff:127.0.0.1]/secret' } }),
    })
    const err = await guardedFetch('https://images.example.com/a.png', { fetch, expect: 'image' }).catch((e) => e)
    expect(err).toBeInstanceOf(GuardedFetchError)
    expect(err.message).toBe(GUARDED_FETCH_REFUSED)
    expect(err.kind).toBe('refused')
    expect(asked).toEqual(['https://images.example.com/a.png', 'https://cdn.example.com/b.png'])
  })

  it('follows at most 5 redirects', async () => {
    const routes: Record<string, () => Response> = {}
    for (let i = 0; i < 7; i++) routes[`https://r.example.com/${i}`] = () => new Response(null, { status: 302, headers: { location: `/${i + 1}` } })
    const { fetch, asked } = fakeFetch(routes)
    await expect(guardedFetch('https://r.example.com/0', { fetch })).rejects.toMatchObject({ kind: 'too_many_redirects', message: GUARDED_FETCH_REFUSED })
    expect(asked).toHaveLength(6)
  })

  it('cuts off a body larger than the cap while it streams, even without a content-length', async () => {
    let sent = 0
    const { fetch } = fakeFetch({
      'https://big.example.com/x.png': () =>
        new Response(
          new ReadableStream({
            pull(c) {
              sent += 1024 * 1024
              c.enqueue(sent === 1024 * 1024 ? new Uint8Array([...PNG, ...new Uint8Array(1024 * 1024 - PNG.length)]) : new Uint8Array(1024 * 1024))
              if (sent > 64 * 1024 * 1024) c.close()
            },
          }),
          { headers: { 'content-type': 'image/png' } },
        ),
    })
    await expect(guardedFetch('https://big.example.com/x.png', { fetch, expect: 'image', maxBytes: 2 * 1024 * 1024 })).rejects.toMatchObject({
      kind: 'too_large',
      message: GUARDED_FETCH_REFUSED,
    })
    expect(sent).toBeLessThan(8 * 1024 * 1024)
  })

  it('cuts off a slow body at the deadline', async () => {
    const { fetch } = fakeFetch({
      'https://slow.example.com/x.png': () =>
        new Response(
          new ReadableStream({
            async pull(c) {
              await new Promise((r) => setTimeout(r, 200))
              c.enqueue(PNG)
            },
          }),
          { headers: { 'content-type': 'image/png' } },
        ),
    })
    const t0 = Date.now()
    await expect(guardedFetch('https://slow.example.com/x.png', { fetch, expect: 'image', timeoutMs: 800 })).rejects.toMatchObject({ kind: 'timeout' })
    expect(Date.now() - t0).toBeLessThan(3000)
  })

  it('wants an image type whose bytes match it', async () => {
    const { fetch } = fakeFetch({
      'https://x.example.com/html': () => new Response('<html>', { headers: { 'content-type': 'text/html' } }),
      'https://x.example.com/liar.png': () => new Response('{"secret":1}', { headers: { 'content-type': 'image/png' } }),
      'https://x.example.com/ok.png': () => new Response(PNG, { headers: { 'content-type': 'image/png' } }),
    })
    await expect(guardedFetch('https://x.example.com/html', { fetch, expect: 'image' })).rejects.toMatchObject({ kind: 'not_image' })
    await expect(guardedFetch('https://x.example.com/liar.png', { fetch, expect: 'image' })).rejects.toMatchObject({ kind: 'not_image' })
    await expect(guardedFetch('https://x.example.com/ok.png', { fetch, expect: 'image' })).resolves.toMatchObject({ status: 200, contentType: 'image/png' })
  })
})
