import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ffmpegMake, ffprobe, sendJob, startNode, type TestNode, withTempFile } from '../../test/helpers'

const run = promisify(execFile)

/** Where speech starts after each silence of ≥ 150 ms (silencedetect), in ms. */
async function speechOnsets(m4a: Buffer): Promise<number[]> {
  return withTempFile(m4a, async (file) => {
    const { stderr } = await run('ffmpeg', ['-hide_banner', '-i', file, '-af', 'silencedetect=noise=-50dB:d=0.15', '-f', 'null', '-'])
    return [...stderr.matchAll(/silence_end: ([\d.]+)/g)].map((m) => Number(m[1]) * 1000)
  })
}

let node: TestNode
beforeAll(async () => {
  node = await startNode()
})
afterAll(() => node.close())

type VoiceMeta = { engine: string; chunks: Array<{ id: string; startMs: number; endMs: number }>; durationMs: number; lufs: number }

describe('studio-voice job', () => {
  it('speaks each chunk with espeak-ng, back to back with the gap, at -16 LUFS, with chunk times where the speech really starts', async () => {
    const chunks = [
      { id: 'hook', text: 'Meet the Nairobi canvas tote' },
      { id: 'value', text: 'It carries a laptop and your lunch' },
      { id: 'cta', text: 'Order on WhatsApp today' },
    ]
    const reply = await sendJob(node.url, { type: 'studio-voice', chunks, gapMs: 250 })
    expect(reply.status).toBe(200)
    const meta = reply.result!.meta as VoiceMeta
    expect(meta.engine).toBe('espeak-ng')
    expect(meta.chunks.map((c) => c.id)).toEqual(['hook', 'value', 'cta'])
    // back to back: each start is the previous end plus the gap, exactly
    expect(meta.chunks[0].startMs).toBe(0)
    for (let k = 1; k < 3; k++) expect(meta.chunks[k].startMs).toBe(meta.chunks[k - 1].endMs + 250)
    expect(meta.durationMs).toBe(meta.chunks[2].endMs)
    expect(meta.lufs).toBeGreaterThan(-17)
    expect(meta.lufs).toBeLessThan(-15)

    const m4a = reply.files.get('voice.m4a')!
    const probe = await ffprobe(m4a)
    expect(probe.streams[0]).toMatchObject({ codec_type: 'audio', codec_name: 'aac' })
    expect(Number(probe.format.duration) * 1000).toBeCloseTo(meta.durationMs, -2)
    // in the produced audio, the sound of chunk k starts where meta says (its trimmed lead-in is
    // quiet, but above the digital silence of the gap)
    const onsets = await speechOnsets(m4a)
    expect(onsets).toHaveLength(2)
    for (let k = 1; k < 3; k++) expect(Math.abs(onsets[k - 1] - meta.chunks[k].startMs), `${meta.chunks[k].id}: ${onsets}`).toBeLessThanOrEqual(30)
  })

  it('re-speaks at a corrected rate so the voice-over lands on its target length, slower or faster', async () => {
    const chunks = [
      { id: 'hook', text: 'Soft cotton, made in Nairobi' },
      { id: 'value', text: 'Ties at the waist for a flattering fit' },
      { id: 'cta', text: 'Order on WhatsApp today' },
    ]
    const plain = await sendJob(node.url, { type: 'studio-voice', chunks })
    const natural = (plain.result!.meta as VoiceMeta).durationMs
    for (const targetMs of [Math.round(natural * 1.25), Math.round(natural * 0.8)]) {
      const reply = await sendJob(node.url, { type: 'studio-voice', chunks, targetMs })
      expect(reply.status).toBe(200)
      const meta = reply.result!.meta as VoiceMeta & { wordsPerMinute: number }
      expect(Math.abs(meta.durationMs - targetMs) / targetMs, `natural ${natural} ms, target ${targetMs} ms, got ${meta.durationMs} ms`).toBeLessThan(0.06)
      expect(meta.wordsPerMinute).toSatisfy((r: number) => (targetMs > natural ? r < 160 : r > 160))
    }
    // already on target: spoken once, at the asked rate
    const onTarget = await sendJob(node.url, { type: 'studio-voice', chunks, targetMs: natural })
    expect((onTarget.result!.meta as { wordsPerMinute: number }).wordsPerMinute).toBe(160)
  })

  it('takes provided audio for a chunk and speaks the rest (engine "mixed")', async () => {
    const tone = await ffmpegMake(
      [
        '-f',
        'lavfi',
        '-i',
        'anullsrc=r=24000:cl=mono:d=0.5',
        '-f',
        'lavfi',
        '-i',
        'sine=frequency=330:sample_rate=24000:duration=1',
        '-filter_complex',
        '[0][1]concat=n=2:v=0:a=1',
      ],
      'tts.wav',
    )
    const reply = await sendJob(
      node.url,
      {
        type: 'studio-voice',
        chunks: [
          { id: 'a', text: 'A tone', input: 'tts' },
          { id: 'b', text: 'Then words' },
        ],
        gapMs: 0,
      },
      { tts: tone },
    )
    expect(reply.status).toBe(200)
    const meta = reply.result!.meta as VoiceMeta
    expect(meta.engine).toBe('mixed')
    // the half second of leading silence is trimmed to 40 ms (the tone itself ends abruptly): 1 s + 40 ms, within a 10 ms step
    expect(meta.chunks[0].endMs).toBeGreaterThanOrEqual(1040)
    expect(meta.chunks[0].endMs).toBeLessThanOrEqual(1050)
    expect(meta.chunks[1].startMs).toBe(meta.chunks[0].endMs)
  })

  it('answers 4xx for undecodable provided audio and for text with nothing to speak', async () => {
    const bad = await sendJob(
      node.url,
      { type: 'studio-voice', chunks: [{ id: 'a', text: 'x', input: 'tts' }] },
      { tts: Buffer.from('RIFF....WAVEjunkjunkjunk') },
    )
    expect(bad.status).toBe(422)
    expect(bad.error?.message).toMatch(/audio of chunk "a"/)
    const empty = await sendJob(node.url, { type: 'studio-voice', chunks: [{ id: 'a', text: '   ' }] })
    expect(empty.status).toBe(400)
    expect(empty.error?.message).toMatch(/chunk "a" has no text/)
  })
})
