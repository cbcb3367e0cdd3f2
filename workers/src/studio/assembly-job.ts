import type { z } from 'zod'
import type { studioAssembleJobSchema } from '../../../contracts/render-jobs'
import type { StudioBrief, StudioScript } from '../../../contracts/studio'

export type VoiceTiming = { chunks: { id: string; sceneId: string; text: string; startMs: number; endMs: number }[]; durationMs: number }
/** What a scene shows once the visuals step chose: an R2 key (image or clip, with its segment) or a card. */
export type SceneChoice = { sceneId: string; kind: 'image' | 'clip' | 'card'; key?: string; startSeconds?: number; endSeconds?: number }

const MOTIONS = ['zoom-in', 'pan-left', 'zoom-out', 'pan-right'] as const
/** Voice-over, then a beat of the last scene before the video ends. */
export const TAIL_SECONDS = 0.6

/**
 * The `studio-assemble` job of a video: scenes timed by the voice (a scene runs from its first
 * chunk's start to the next scene's), one caption cue per voice chunk at its exact time, the
 * chosen visual per scene as named inputs, and the overlays the storefront cut carries.
 */
export function assemblyJobOf(input: {
  script: StudioScript
  brief: StudioBrief
  voice: VoiceTiming
  voiceKey: string
  choices: SceneChoice[]
  logoKey: string | null
  cuts: Array<'storefront' | 'clean' | 'square' | 'wide'>
  resolution: '1080x1920' | '540x960'
  callToAction: string
  qrUrl: string | null
  disclosureText: string
  brandColor: string
}): { job: z.input<typeof studioAssembleJobSchema>; inputs: { name: string; key: string }[] } {
  const inputs: { name: string; key: string }[] = [{ name: 'voice', key: input.voiceKey }]
  const named = new Map<string, string>()
  const inputFor = (key: string, prefix: string) => {
    let name = named.get(key)
    if (!name) {
      name = `${prefix}${named.size}`
      named.set(key, name)
      inputs.push({ name, key })
    }
    return name
  }
  const total = input.voice.durationMs / 1000 + TAIL_SECONDS
  const starts = input.script.scenes.map((scene, i) => {
    const first = input.voice.chunks.find((c) => c.sceneId === scene.id)
    return first ? first.startMs / 1000 : i === 0 ? 0 : Number.NaN
  })
  // A scene whose text produced no chunk borrows its predecessor's end (it then lasts 0 s and is dropped).
  for (let i = 0; i < starts.length; i++) if (Number.isNaN(starts[i])) starts[i] = i === 0 ? 0 : starts[i - 1]
  starts[0] = 0
  const scenes = input.script.scenes
    .map((scene, i) => {
      const choice = input.choices.find((c) => c.sceneId === scene.id) ?? { sceneId: scene.id, kind: 'card' as const }
      const visual =
        choice.kind === 'image' && choice.key
          ? { kind: 'image' as const, input: inputFor(choice.key, 'img') }
          : choice.kind === 'clip' && choice.key
            ? { kind: 'clip' as const, input: inputFor(choice.key, 'clip'), startSeconds: choice.startSeconds ?? 0, endSeconds: choice.endSeconds ?? 4 }
            : { kind: 'card' as const }
      return {
        id: scene.id,
        visual,
        startSeconds: round(starts[i]),
        endSeconds: round(i + 1 < starts.length ? starts[i + 1] : total),
        onScreen: scene.onScreen,
        motion: MOTIONS[i % MOTIONS.length],
      }
    })
    .filter((s) => s.endSeconds > s.startSeconds)
  if (input.logoKey) inputs.push({ name: 'logo', key: input.logoKey })
  const product = input.brief.products[0]
  return {
    job: {
      type: 'studio-assemble',
      scenes,
      captions: input.voice.chunks.map((c) => ({ startSeconds: round(c.startMs / 1000), endSeconds: round(c.endMs / 1000), text: c.text.slice(0, 200) })),
      voice: 'voice',
      logo: input.logoKey ? 'logo' : undefined,
      priceText: product?.priceText?.slice(0, 40) ?? undefined,
      callToAction: input.callToAction.slice(0, 80),
      qrUrl: input.qrUrl ?? undefined,
      disclosureText: input.disclosureText,
      brandColor: input.brandColor,
      cuts: input.cuts,
      resolution: input.resolution,
    },
    inputs,
  }
}

const round = (s: number) => Math.round(s * 1000) / 1000
