import { env } from 'cloudflare:test'
import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { csvLines, PART_BYTES, StreamingZipUpload } from './export-zip'

/** Text that barely compresses: base64 of random bytes. */
function noise(bytes: number) {
  const raw = new Uint8Array(bytes)
  for (let i = 0; i < bytes; i += 65_536) crypto.getRandomValues(raw.subarray(i, Math.min(bytes, i + 65_536)))
  let out = ''
  for (let i = 0; i < raw.length; i += 30_000) out += btoa(String.fromCharCode(...raw.subarray(i, i + 30_000)))
  return out
}

describe('the streaming zip upload', () => {
  it('writes a zip bigger than several parts into R2 in equal 5 MiB parts, and it unzips to what was written', async () => {
    const key = `exports/test/${crypto.randomUUID()}.zip`
    // The real bucket, watched: the size of every part uploaded.
    const parts: number[] = []
    const watched = {
      createMultipartUpload: async (k: string, o?: R2MultipartOptions) => {
        const upload = await env.MEDIA.createMultipartUpload(k, o)
        return Object.assign(Object.create(upload), {
          uploadPart: (n: number, body: Uint8Array) => {
            parts.push(body.byteLength)
            return upload.uploadPart(n, body)
          },
          complete: (p: R2UploadedPart[]) => upload.complete(p),
          abort: () => upload.abort(),
        })
      },
    } as unknown as R2Bucket
    const zip = await StreamingZipUpload.start(watched, key)
    const chunks = Array.from({ length: 12 }, () => noise(1024 * 1024))
    const big = zip.file('big.txt')
    for (const c of chunks) await big.write(c)
    await big.close()
    const small = zip.file('small.json')
    await small.write('[{"a":1}]')
    await small.close()
    await zip.complete()

    const object = await env.MEDIA.get(key)
    expect(object).not.toBeNull()
    const bytes = new Uint8Array(await (object as R2ObjectBody).arrayBuffer())
    expect(bytes.length).toBe(zip.bytes)
    expect(bytes.length).toBeGreaterThan(2 * PART_BYTES)
    expect(parts.length).toBe(Math.ceil(bytes.length / PART_BYTES))
    expect(parts.slice(0, -1).every((n) => n === PART_BYTES)).toBe(true)
    expect(parts.at(-1)).toBeLessThanOrEqual(PART_BYTES)
    const files = unzipSync(bytes)
    expect(strFromU8(files['big.txt'])).toBe(chunks.join(''))
    expect(strFromU8(files['small.json'])).toBe('[{"a":1}]')
  })

  it('writes CSV with a header once, nested values as JSON, and formula-looking cells escaped', () => {
    const columns = ['id', 'title', 'tags', 'note']
    const first = csvLines(columns, [{ id: 1, title: 'Tote, "big"', tags: ['a', 'b'], note: '=HYPERLINK("x")' }], true)
    const next = csvLines(columns, [{ id: 2, title: 'Bag', tags: null, note: '' }], false)
    expect(first + next).toBe('id,title,tags,note\n1,"Tote, ""big""","[""a"",""b""]","\'=HYPERLINK(""x"")"\n2,Bag,,\n')
  })
})
