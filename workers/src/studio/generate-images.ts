import OpenAI from 'openai'
import type { CostLine, StudioBrief, StudioScript } from '../../../contracts/studio'
import type { OpenAiAccess } from './openai-access-type'

export const IMAGE_MODEL = 'gpt-image-1'
/** gpt-image-1 list price of one low-quality 1024×1536 image. */
const USD_PER_IMAGE = 0.016
/** At most this many generated images per video (each one is billed). */
export const MAX_GENERATED_IMAGES = 4

/**
 * The scenes a generated image would fill: those the visuals step would otherwise show as a
 * text card (the scene asks for a card, or the brief has no photo or cover at all), except the
 * call to action, whose card carries the shop's colour and the order line. A scene bound to one
 * of the merchant's clips keeps it.
 */
export function scenesForGeneratedImages(brief: StudioBrief, script: StudioScript): string[] {
  const hasImages = brief.products.some((p) => p.imageKeys.length > 0 || p.coverKeys.length > 0)
  return script.scenes
    .filter((s) => s.kind !== 'cta' && s.visual.kind !== 'clip' && (s.visual.kind === 'card' || !hasImages))
    .slice(0, MAX_GENERATED_IMAGES)
    .map((s) => s.id)
}

/** What the image model is asked for one scene: the subject from the catalog, the scene's point, and no text in the picture (the video burns its own). */
export function imagePromptOf(brief: StudioBrief, script: StudioScript, sceneId: string): string {
  const scene = script.scenes.find((s) => s.id === sceneId)
  const product = brief.products[0]
  const subject = product ? product.title : brief.source.kind === 'topic' ? brief.source.topic : brief.shop.name
  return [
    `A vertical photo for a short shopping video of ${brief.shop.name}${brief.shop.city ? ` in ${brief.shop.city}` : ''}.`,
    `Subject: ${subject}.`,
    scene ? `This scene says: "${scene.say.slice(0, 300)}"` : '',
    'Natural light, clean background, realistic. No text, letters, logos, prices or watermarks in the image.',
  ]
    .filter(Boolean)
    .join(' ')
}

/**
 * Generates one image per scene with OpenAI (only when the shop turned generated images on and a
 * key is available) and puts each PNG in R2 under `prefix`. Billed per image.
 */
export async function generateSceneImages(
  deps: { media: R2Bucket },
  input: { access: NonNullable<OpenAiAccess>; brief: StudioBrief; script: StudioScript; sceneIds: string[]; prefix: string },
): Promise<{ keys: Record<string, string>; cost: CostLine[] }> {
  const client = new OpenAI({ apiKey: input.access.apiKey, baseURL: input.access.baseURL, timeout: 60_000, maxRetries: 1 })
  const keys: Record<string, string> = {}
  for (const sceneId of input.sceneIds) {
    const res = await client.images.generate({
      model: IMAGE_MODEL,
      prompt: imagePromptOf(input.brief, input.script, sceneId),
      size: '1024x1536',
      quality: 'low',
      n: 1,
    })
    const b64 = res.data?.[0]?.b64_json
    if (!b64) throw new Error(`OpenAI returned no image for scene ${sceneId}`)
    const png = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
    if (png.byteLength < 100 || png[0] !== 0x89 || png[1] !== 0x50) throw new Error(`OpenAI's image for scene ${sceneId} is not a PNG`)
    const key = `${input.prefix}images/${sceneId}.png`
    await deps.media.put(key, png, { httpMetadata: { contentType: 'image/png' } })
    keys[sceneId] = key
  }
  const n = Object.keys(keys).length
  return { keys, cost: n ? [{ step: 'images', provider: `openai:${IMAGE_MODEL}`, unit: 'images', quantity: n, usd: n * USD_PER_IMAGE }] : [] }
}
