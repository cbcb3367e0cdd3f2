import { readFileSync } from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { createFakeServer, type FakeReply, type FakeServer } from './fake-server'
import { SHARED_DATA } from './shared-data'

/** A recorded real oEmbed response (2024, with author_unique_id / embed_product_id): the template of every reply. */
const RECORDED = JSON.parse(readFileSync(path.join(SHARED_DATA, 'fixtures/tiktok_oembed/embed_cache_tiktok_oembed_2024-06-10.json'), 'utf8'))
  .response as Record<string, unknown>

export type FakeVideo = { id: string; user: string; caption: string; authorName?: string; private?: boolean }

const DEFAULT_CAPTIONS = [
  'New drop 🔥 Red Runner Sneakers now ₦45,000 (was ₦55,000). Sizes 40-45. DM to order or tap the link in bio! #sneakers #lagos',
  'Ankara wrap dress 😍 only ₦12,000, S/M/L. Use code ANKARA10 for 10% off. Order on WhatsApp 📲 #ankara #fashion',
  'Shea butter glow cream 250ml — KSh 1,500. Link in bio 🛒 #skincare #shea',
  'Wireless earbuds pro $189.99 🎧 24h battery. Shop now via link in bio #tech #earbuds',
]

/**
 * Fake TikTok: `GET /oembed?url=` answers in the real wire format (from a recorded response) for
 * any `/@user/video/<id>` URL, `GET /cover/<id>.jpeg` serves a real JPEG for the signed
 * thumbnail_url, and `GET /t/<code>` answers a short link with a redirect. `POST /__videos`
 * registers videos (id, user, caption) and `POST /__shortlinks` registers short codes.
 */
export async function createTikTokFake(): Promise<FakeServer & { videos: Map<string, FakeVideo> }> {
  const videos = new Map<string, FakeVideo>()
  const shortLinks = new Map<string, string>()
  const coverCache = new Map<string, Buffer>()
  const videoFor = (id: string): FakeVideo =>
    videos.get(id) ?? { id, user: 'demo.shop', caption: DEFAULT_CAPTIONS[Number(BigInt(id) % BigInt(DEFAULT_CAPTIONS.length))] }
  let base = ''
  const server = await createFakeServer('tiktok', async (call, raw): Promise<FakeReply> => {
    if (call.method === 'POST' && call.path === '/__videos') {
      for (const v of JSON.parse(raw.toString()) as FakeVideo[]) videos.set(v.id, v)
      return { status: 200, body: { ok: true } }
    }
    if (call.method === 'POST' && call.path === '/__shortlinks') {
      for (const [code, target] of Object.entries(JSON.parse(raw.toString()) as Record<string, string>)) shortLinks.set(code, target)
      return { status: 200, body: { ok: true } }
    }
    if (call.path === '/oembed') {
      const target = call.query.url ?? ''
      const m = /tiktok\.com\/@([\w.-]+)\/(?:video|photo)\/(\d{5,25})/.exec(target)
      if (!m) return { status: 400, body: { code: 400, message: 'Something went wrong', data: {} } }
      const video = videoFor(m[2])
      if (video.private) return { status: 404, body: { code: 404, message: 'Video not found or private' } }
      const canonical = `https://www.tiktok.com/@${video.user}/video/${video.id}`
      const expires = Math.floor(Date.now() / 1000) + 6 * 3600
      return {
        status: 200,
        body: {
          ...RECORDED,
          title: video.caption,
          author_url: `https://www.tiktok.com/@${video.user}`,
          author_name: video.authorName ?? video.user,
          author_unique_id: video.user,
          embed_product_id: video.id,
          embed_type: 'video',
          html: `<blockquote class="tiktok-embed" cite="${canonical}" data-video-id="${video.id}" data-embed-from="oembed" style="max-width:605px; min-width:325px;"><section></section></blockquote> <script async src="https://www.tiktok.com/embed.js"></script>`,
          thumbnail_width: 720,
          thumbnail_height: 1280,
          thumbnail_url: `${base}/cover/${video.id}.jpeg?x-expires=${expires}&x-signature=fake%2Bsig`,
        },
      }
    }
    const cover = /^\/cover\/(\d+)\.jpeg$/.exec(call.path)
    if (cover) {
      if (Number(call.query['x-expires'] ?? 0) < Date.now() / 1000) return { status: 403, raw: 'Access Denied', headers: { 'content-type': 'text/plain' } }
      let jpeg = coverCache.get(cover[1])
      if (!jpeg) {
        const hue = Number(BigInt(cover[1]) % 360n)
        jpeg = await sharp({ create: { width: 720, height: 1280, channels: 3, background: `hsl(${hue}, 70%, 50%)` } })
          .composite([{ input: Buffer.from(`<svg width="720" height="1280"><circle cx="360" cy="640" r="220" fill="white"/></svg>`) }])
          .jpeg({ quality: 80 })
          .toBuffer()
        coverCache.set(cover[1], jpeg)
      }
      return { status: 200, raw: jpeg, headers: { 'content-type': 'image/jpeg' } }
    }
    const short = /^\/(?:t\/)?([A-Za-z0-9]{5,12})\/?$/.exec(call.path)
    if (short && shortLinks.has(short[1])) return { status: 301, headers: { location: shortLinks.get(short[1]) as string } }
    return { status: 404, raw: 'not found', headers: { 'content-type': 'text/plain' } }
  })
  base = server.url
  return Object.assign(server, { videos })
}
