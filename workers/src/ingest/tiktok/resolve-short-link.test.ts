import { describe, expect, it } from 'vitest'
import { testEnv } from '../../../test/helpers'
import { resolveShortLink } from './resolve-short-link'

const fake = testEnv.TEST_TIKTOK_FAKE_URL
const code = () => `Z${crypto.randomUUID().replace(/-/g, '').slice(0, 9)}`
const register = (links: Record<string, string>) => fetch(`${fake}/__shortlinks`, { method: 'POST', body: JSON.stringify(links) })

describe('short links resolve through the fake TikTok, one validated hop at a time', () => {
  it('resolves vm.tiktok.com, vt.tiktok.com and tiktok.com/t/ codes to the canonical video URL without tracking parameters', async () => {
    const [a, b, c] = [code(), code(), code()]
    await register({
      [a]: 'https://www.tiktok.com/@shop.lagos/video/7234567890123456781?_r=1&_t=8abc&is_from_webapp=1',
      [b]: 'https://www.tiktok.com/@shop.lagos/photo/7234567890123456782?lang=en',
      [c]: 'https://m.tiktok.com/v/7234567890123456783.html',
    })
    await expect(resolveShortLink(`https://vm.tiktok.com/${a}`, { override: fake })).resolves.toMatchObject({
      ok: true,
      videoId: '7234567890123456781',
      url: 'https://www.tiktok.com/@shop.lagos/video/7234567890123456781',
    })
    await expect(resolveShortLink(`https://vt.tiktok.com/${b}`, { override: fake })).resolves.toMatchObject({
      ok: true,
      videoId: '7234567890123456782',
      contentType: 'photo',
    })
    await expect(resolveShortLink(`https://www.tiktok.com/t/${c}`, { override: fake })).resolves.toMatchObject({ ok: true, videoId: '7234567890123456783' })
  })

  it('follows a chain of short links', async () => {
    const [a, b] = [code(), code()]
    await register({ [a]: `https://vt.tiktok.com/${b}/`, [b]: 'https://www.tiktok.com/@chain/video/7234567890123456784' })
    await expect(resolveShortLink(`https://vm.tiktok.com/${a}`, { override: fake })).resolves.toMatchObject({ ok: true, videoId: '7234567890123456784' })
  })

  it('refuses more than 5 redirects', async () => {
    const codes = Array.from({ length: 7 }, code)
    await register(Object.fromEntries(codes.slice(0, 6).map((c, i) => [c, `https://vm.tiktok.com/${codes[i + 1]}`])))
    await expect(resolveShortLink(`https://vm.tiktok.com/${codes[0]}`, { override: fake })).resolves.toEqual({
      ok: false,
      reason: 'too many redirects (more than 5)',
    })
  })

  it.each([
    ['http://127.0.0.1/@x/video/7234567890123456785', 'private address 127.0.0.1'],
    ['http://169.254.169.254/latest/meta-data/', 'private address 169.254.169.254'],
    ['http://[::1]:8080/', 'non-default port 8080 is refused'],
    ['https://evil.example/@x/video/7234567890123456785', 'not a TikTok link (evil.example)'],
    ['file:///etc/passwd', 'only http(s) links are accepted, not file:'],
    ['http://2130706433/', 'private address 127.0.0.1'],
  ])('refuses a redirect to %s', async (target, reason) => {
    const c = code()
    await register({ [c]: target })
    await expect(resolveShortLink(`https://vm.tiktok.com/${c}`, { override: fake })).resolves.toEqual({
      ok: false,
      reason: `the short link redirected to a refused address: ${reason}`,
    })
  })

  it('says when a short code does not exist', async () => {
    await expect(resolveShortLink(`https://vm.tiktok.com/${code()}`, { override: fake })).resolves.toMatchObject({
      ok: false,
      reason: 'the short link does not exist (TikTok answered 404)',
    })
  })
})
