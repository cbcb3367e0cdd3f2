import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { createTestMerchant } from '../../test/helpers'

const HUB = 'http://hub.test'

function expectSecurityHeaders(res: Response) {
  const csp = res.headers.get('content-security-policy') ?? ''
  expect(csp).toContain("default-src 'self'")
  expect(csp).toContain("script-src 'self'")
  expect(csp).toContain("frame-ancestors 'self'")
  expect(csp).toContain("object-src 'none'")
  expect(csp).toContain('frame-src https://www.tiktok.com')
  expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN')
  expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
}

describe('security headers on HTML', () => {
  it('the SPA’s pages (/, /login, a deep client route) are HTML with CSP, nosniff, Referrer-Policy', async () => {
    for (const path of ['/', '/login', '/products/some-id']) {
      const res = await SELF.fetch(`${HUB}${path}`)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('content-type') ?? '', path).toMatch(/text\/html/)
      expect(await res.text(), path).toContain('<div id="root">')
      expectSecurityHeaders(res)
    }
  })

  it('the storefront page carries them too, and still allows the TikTok player frame', async () => {
    const shop = await createTestMerchant()
    const res = await SELF.fetch(`${HUB}/@${shop.slug}`)
    expect(res.status).toBe(200)
    expectSecurityHeaders(res)
  })

  it('the API docs and JSON answers carry them', async () => {
    expectSecurityHeaders(await SELF.fetch(`${HUB}/api/docs`))
    expect((await SELF.fetch(`${HUB}/api/nope`)).headers.get('x-content-type-options')).toBe('nosniff')
  })
})
