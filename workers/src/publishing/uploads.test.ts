import { env, introspectWorkflow, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { query, signedInMember, sql } from '../../test/helpers'
import { connect, fakeGet, type Member, soon, waitForTargets, youtubeShort } from './test-kit'
import { MAX_VIDEO_UPLOAD_BYTES } from './uploads'

/** ISO BMFF boxes, as an MP4 writer lays them out (contracts/mp4-probe.node.test.ts reads real FFmpeg files). */
const box = (type: string, ...parts: Uint8Array[]) => {
  const body = parts.reduce((n, p) => n + p.byteLength, 0)
  const out = new Uint8Array(8 + body)
  new DataView(out.buffer).setUint32(0, 8 + body)
  out.set(new TextEncoder().encode(type), 4)
  let at = 8
  for (const p of parts) {
    out.set(p, at)
    at += p.byteLength
  }
  return out
}
const u32s = (...v: number[]) => {
  const b = new Uint8Array(v.length * 4)
  v.forEach((x, i) => {
    new DataView(b.buffer).setUint32(i * 4, x)
  })
  return b
}
const ascii = (s: string) => new TextEncoder().encode(s)

/** A `brand` file of `seconds` with a `w`×`h` video track and `mdatBytes` of media. */
function mp4(o: { seconds: number; w: number; h: number; brand?: string; mdatBytes?: number }) {
  const mvhd = box('mvhd', u32s(0, 0, 0, 1000, o.seconds * 1000), new Uint8Array(80))
  const tkhd = box('tkhd', u32s(0, 0, 0, 1, 0, o.seconds * 1000), new Uint8Array(8 + 8 + 36), u32s(o.w * 65536, o.h * 65536))
  const hdlr = box('hdlr', u32s(0, 0), ascii('vide'), new Uint8Array(13))
  const moov = box('moov', mvhd, box('trak', tkhd, box('mdia', hdlr)))
  const brand = o.brand ?? 'isom'
  return Uint8Array.from([
    ...box('ftyp', ascii(brand), u32s(0), ascii(brand)),
    ...moov,
    ...box('mdat', crypto.getRandomValues(new Uint8Array(o.mdatBytes ?? 4096))),
  ])
}

const upload = (member: Member, body: BodyInit, headers: Record<string, string> = {}) =>
  SELF.fetch('http://hub.test/api/publishing/uploads', { method: 'POST', headers: { ...member.headers, ...headers }, body })
const form = (bytes: Uint8Array, name: string, type: string) => {
  const f = new FormData()
  f.append('file', new File([bytes], name, { type }))
  return f
}

describe('uploading a video to post', () => {
  it('stores an MP4 and a MOV with their duration and size read from the file, lists them, and serves them', async () => {
    const owner = await signedInMember()
    const res = await upload(owner, form(mp4({ seconds: 15, w: 1080, h: 1920 }), 'summer-drop.mp4', 'video/mp4'))
    expect(res.status).toBe(201)
    const mp4Up = (await res.json()) as { id: string; url: string; durationMs: number; width: number; height: number; contentType: string; filename: string }
    expect(mp4Up).toMatchObject({ durationMs: 15_000, width: 1080, height: 1920, contentType: 'video/mp4', filename: 'summer-drop.mp4' })

    const mov = await upload(owner, mp4({ seconds: 8, w: 720, h: 1280, brand: 'qt  ' }), { 'content-type': 'video/quicktime' })
    expect(mov.status).toBe(201)
    expect(await mov.json()).toMatchObject({ durationMs: 8000, width: 720, height: 1280, contentType: 'video/quicktime', filename: null })

    const list = (await (await SELF.fetch('http://hub.test/api/publishing/uploads', { headers: owner.headers })).json()) as { items: { id: string }[] }
    expect(list.items).toHaveLength(2)
    const served = await SELF.fetch(`http://hub.test${mp4Up.url}`)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('video/mp4')
  })

  it('refuses a truncated or damaged file, an HTML page, an empty body and one over the cap, storing nothing', async () => {
    const owner = await signedInMember()
    const whole = mp4({ seconds: 10, w: 1080, h: 1920 })
    const truncated = whole.subarray(0, 120)
    const r1 = await upload(owner, form(truncated, 'cut.mp4', 'video/mp4'))
    expect(r1.status).toBe(400)
    expect(((await r1.json()) as { error: { message: string } }).error.message).toMatch(/^not a video we can read: .*Upload an MP4 or MOV file$/)
    expect((await upload(owner, form(ascii('<html>hello</html>'), 'page.mp4', 'video/mp4'))).status).toBe(400)
    expect((await upload(owner, new Uint8Array(0), { 'content-type': 'application/octet-stream' })).status).toBe(400)
    const big = await upload(owner, new Uint8Array(MAX_VIDEO_UPLOAD_BYTES + 1), { 'content-type': 'application/octet-stream' })
    expect(big.status).toBe(413)
    expect(((await big.json()) as { error: { message: string } }).error.message).toBe('videos can be at most 50 MB; trim or compress it')
    expect(await query(sql`select id from media_assets where merchant_id = ${owner.merchantId}`)).toEqual([])
  })

  it('a viewer may not upload; another shop cannot post this shop’s upload', async () => {
    const owner = await signedInMember()
    const viewer = await signedInMember({ merchantId: owner.merchantId, role: 'viewer' })
    expect((await upload(viewer, form(mp4({ seconds: 5, w: 1080, h: 1920 }), 'a.mp4', 'video/mp4'))).status).toBe(403)
    const up = (await (await upload(owner, form(mp4({ seconds: 5, w: 1080, h: 1920 }), 'a.mp4', 'video/mp4'))).json()) as { id: string }
    const other = await signedInMember()
    await connect(other, 'youtube')
    const res = await SELF.fetch('http://hub.test/api/publishing/posts', {
      method: 'POST',
      headers: { ...other.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ source: { kind: 'asset', assetId: up.id }, publishAt: soon(5), targets: [youtubeShort()] }),
    })
    expect(res.status).toBe(404)
  })

  it('posts an uploaded video to YouTube: the fake receives its bytes, the post ends published', async () => {
    await using wf = await introspectWorkflow(env.PUBLISH_WORKFLOW)
    await wf.modifyAll(async (m) => {
      await m.disableSleeps()
      await m.disableRetryDelays()
    })
    const owner = await signedInMember()
    await connect(owner, 'youtube')
    const file = mp4({ seconds: 20, w: 1080, h: 1920, mdatBytes: 20_000 })
    const up = (await (await upload(owner, form(file, 'drop.mp4', 'video/mp4'))).json()) as { id: string }
    const res = await SELF.fetch('http://hub.test/api/publishing/posts', {
      method: 'POST',
      headers: { ...owner.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ source: { kind: 'asset', assetId: up.id }, publishAt: soon(2), targets: [youtubeShort('Summer drop')] }),
    })
    expect(res.status).toBe(201)
    const post = (await res.json()) as { id: string }
    const [yt] = await waitForTargets(post.id, ['published', 'failed', 'unconfirmed'])
    expect(yt.status).toBe('published')
    const videos = await fakeGet<{ id: string; bytes: number; resource: { snippet: { title: string } } }[]>('youtube', '/__videos')
    expect(videos.find((v) => v.id === yt.platform_post_id)).toMatchObject({ bytes: file.byteLength, resource: { snippet: { title: 'Summer drop' } } })
  })
})
