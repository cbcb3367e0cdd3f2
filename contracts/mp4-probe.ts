/**
 * Reads what the platforms check from an MP4 / QuickTime file (ISO base media format) without
 * decoding it: the `ftyp` brand, the duration from `moov/mvhd`, and the video track's size from
 * its `tkhd` (the track whose `mdia/hdlr` is `vide`). Runtime-free (Worker and Node).
 */
export type Mp4Info = { brand: string; container: 'mp4' | 'quicktime'; durationMs: number; width: number; height: number }

export class Mp4ProbeError extends Error {}

type Box = { type: string; start: number; body: number; end: number }

const text = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n))

/** The boxes inside [from, to); a box running past `to` or of an impossible size is an error. */
function boxes(b: Uint8Array, view: DataView, from: number, to: number): Box[] {
  const out: Box[] = []
  let at = from
  while (at + 8 <= to) {
    let size = view.getUint32(at)
    const type = text(b, at + 4, 4)
    let header = 8
    if (size === 1) {
      if (at + 16 > to) throw new Mp4ProbeError(`the ${type} box is cut off`)
      const big = view.getBigUint64(at + 8)
      if (big > BigInt(to - at)) throw new Mp4ProbeError(`the ${type} box runs past the end of the file`)
      size = Number(big)
      header = 16
    } else if (size === 0) size = to - at
    if (size < header || at + size > to) throw new Mp4ProbeError(`the ${type} box runs past the end of the file`)
    out.push({ type, start: at, body: at + header, end: at + size })
    at += size
  }
  return out
}

const child = (b: Uint8Array, view: DataView, parent: Box, type: string) => boxes(b, view, parent.body, parent.end).find((x) => x.type === type)

/** Probes the bytes of a file; throws Mp4ProbeError saying what is wrong when it is not a readable MP4/MOV. */
export function probeMp4(bytes: Uint8Array): Mp4Info {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (bytes.byteLength < 16 || text(bytes, 4, 4) !== 'ftyp') throw new Mp4ProbeError('it does not start like an MP4 or MOV file (no ftyp box)')
  const top = boxes(bytes, view, 0, bytes.byteLength)
  const ftyp = top[0]
  const brand = text(bytes, ftyp.body, 4)
  const moov = top.find((x) => x.type === 'moov')
  if (!moov) throw new Mp4ProbeError('it has no movie header (moov box): the file is incomplete')
  const mvhd = child(bytes, view, moov, 'mvhd')
  if (!mvhd || mvhd.end - mvhd.body < 32) throw new Mp4ProbeError('it has no movie header (mvhd box)')
  const v1 = bytes[mvhd.body] === 1
  const timescale = view.getUint32(mvhd.body + (v1 ? 20 : 12))
  const duration = v1 ? Number(view.getBigUint64(mvhd.body + 24)) : view.getUint32(mvhd.body + 16)
  if (!timescale || !duration) throw new Mp4ProbeError('its duration is zero')
  let width = 0
  let height = 0
  for (const trak of boxes(bytes, view, moov.body, moov.end).filter((x) => x.type === 'trak')) {
    const mdia = child(bytes, view, trak, 'mdia')
    const hdlr = mdia && child(bytes, view, mdia, 'hdlr')
    if (!hdlr || hdlr.end - hdlr.body < 12 || text(bytes, hdlr.body + 8, 4) !== 'vide') continue
    const tkhd = child(bytes, view, trak, 'tkhd')
    if (!tkhd) continue
    const at = tkhd.body + (bytes[tkhd.body] === 1 ? 88 : 76)
    if (at + 8 > tkhd.end) throw new Mp4ProbeError('its video track header is cut off')
    width = Math.round(view.getUint32(at) / 65536)
    height = Math.round(view.getUint32(at + 4) / 65536)
    if (width && height) break
  }
  if (!width || !height) throw new Mp4ProbeError('it has no video track')
  return { brand, container: brand === 'qt  ' ? 'quicktime' : 'mp4', durationMs: Math.round((duration / timescale) * 1000), width, height }
}
