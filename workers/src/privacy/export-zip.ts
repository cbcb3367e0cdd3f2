import { Zip, ZipDeflate } from 'fflate'
import Papa from 'papaparse'

/** R2 multipart uploads need every part but the last to be at least 5 MiB, and all the same size. */
export const PART_BYTES = 5 * 1024 * 1024

const encoder = new TextEncoder()

/**
 * A zip written straight into an R2 multipart upload, a part at a time: memory holds at most one
 * part plus the deflate window, however big the shop. Each file is streamed (`write` as many
 * chunks as needed), so a table is never held whole either.
 */
export class StreamingZipUpload {
  private readonly zip: Zip
  private pending: Uint8Array[] = []
  private pendingBytes = 0
  private readonly parts: R2UploadedPart[] = []
  private failure: Error | null = null
  private finished = false
  bytes = 0

  private constructor(private readonly upload: R2MultipartUpload) {
    this.zip = new Zip((err, chunk, final) => {
      if (err) this.failure = err
      if (chunk.length) {
        this.pending.push(chunk)
        this.pendingBytes += chunk.length
        this.bytes += chunk.length
      }
      if (final) this.finished = true
    })
  }

  static async start(bucket: R2Bucket, key: string) {
    const upload = await bucket.createMultipartUpload(key, { httpMetadata: { contentType: 'application/zip' } })
    return new StreamingZipUpload(upload)
  }

  /** Opens a file in the zip; write its contents with the returned writer, then `close()` it. */
  file(name: string) {
    const entry = new ZipDeflate(name, { level: 6 })
    this.zip.add(entry)
    return {
      write: async (text: string) => {
        entry.push(encoder.encode(text), false)
        await this.flush(false)
      },
      close: async () => {
        entry.push(new Uint8Array(0), true)
        await this.flush(false)
      },
    }
  }

  /** Ends the zip and completes the upload. */
  async complete() {
    this.zip.end()
    if (!this.finished) throw new Error('zip did not finish')
    await this.flush(true)
    return this.upload.complete(this.parts)
  }

  async abort() {
    await this.upload.abort().catch(() => {})
  }

  private async flush(last: boolean) {
    if (this.failure) throw this.failure
    while (this.pendingBytes >= PART_BYTES || (last && this.pendingBytes > 0)) {
      const size = Math.min(PART_BYTES, this.pendingBytes)
      const part = new Uint8Array(size)
      let filled = 0
      while (filled < size) {
        const head = this.pending[0]
        const take = Math.min(head.length, size - filled)
        part.set(head.subarray(0, take), filled)
        filled += take
        if (take === head.length) this.pending.shift()
        else this.pending[0] = head.subarray(take)
      }
      this.pendingBytes -= size
      this.parts.push(await this.upload.uploadPart(this.parts.length + 1, part))
    }
  }
}

/** A cell of a CSV file: objects as JSON, formula-looking text escaped (CSV injection). */
const cell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v))

/** Rows as CSV lines (with the header line when `header` is given). */
export function csvLines(columns: string[], rows: Record<string, unknown>[], header: boolean): string {
  if (!rows.length && !header) return ''
  const text = Papa.unparse({ fields: columns, data: rows.map((r) => columns.map((c) => cell(r[c]))) }, { escapeFormulae: true, newline: '\n', header })
  return text ? `${text}\n` : ''
}
