import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from 'cloudflare:workers'
import { NonRetryableError } from 'cloudflare:workflows'
import { formatMoney } from '../../../contracts/money'
import { type CostLine, STUDIO_LIMITS, type StudioBrief, type StudioScript, studioBriefSchema, studioScriptSchema } from '../../../contracts/studio'
import { findProductLink } from '../../../db/queries/links'
import {
  getStudioShopFacts,
  getStudioVideoById,
  listStudioCostsOfVideo,
  logStudioSafety,
  type StudioVideoPatch,
  saveStudioCosts,
  updateStudioVideo,
} from '../../../db/queries/studio'
import type { StudioOutput, StudioVideo } from '../../../db/schema'
import type { Database } from '../../../db/types'
import { type Config, configOf } from '../config'
import { createDb } from '../db'
import { AppError } from '../errors'
import { createLogger, type Logger } from '../lib/logger'
import { tagOutputsWithProduct } from '../promo/tag-outputs'
import { runRender } from '../render/run-render'
import { emitWebhook } from '../webhooks/emit-webhook'
import { assemblyJobOf, type SceneChoice, TAIL_SECONDS, type VoiceTiming } from './assembly-job'
import { buildBrief, StudioInputError } from './build-brief'
import { blockingIssues, checkScript } from './check-script'
import { generateSceneImages, IMAGE_MODEL, scenesForGeneratedImages } from './generate-images'
import { type OpenAiAccess, openAiAccessOf } from './openai-access'
import { type ReviewEvent, reviewEventSchema } from './schemas'
import { validateScript, voiceChunks, writeScript } from './script/write-script'
import { roundUsd } from './studio-settings'
import { espeakVoiceOf, synthesizeWithOpenAi } from './synthesize-voice'
import { REVIEW_EVENT, type StudioWorkflowParams, studioTmpPrefix } from './workflow-params'

/** How long a draft waits for the merchant's review (or an edit of a blocked script) before it is parked. */
export const REVIEW_TIMEOUT = '7 days'
/** Rounds of edit → re-check before the video gives up (each is a merchant decision). */
const MAX_REVIEW_ROUNDS = 10
/** A spoken script longer than this fails: the studio makes short-form video for every platform. */
export const MAX_SPOKEN_SECONDS = Math.round(STUDIO_LIMITS.maxSeconds * 1.1)

const PERCENT = { brief: 5, script: 15, safety: 25, review: 30, voice: 45, visuals: 55, assembly: 65, quality: 90, package: 95, done: 100 } as const

const RENDER_STEP = { retries: { limit: 4, delay: '5 seconds', backoff: 'exponential' }, timeout: '10 minutes' } as const
const DB_STEP = { retries: { limit: 5, delay: '1 second', backoff: 'exponential' }, timeout: '2 minutes' } as const
const TTS_STEP = { retries: { limit: 2, delay: '2 seconds', backoff: 'exponential' }, timeout: '5 minutes' } as const

type StepDeps = { db: Database; env: Env; config: Config; log: Logger }

/** Spoken seconds the script's scenes estimate. */
const spokenSeconds = (script: StudioScript) => script.scenes.reduce((s, sc) => s + sc.estSeconds, 0)

/** Cost lines of one step summed per (provider, unit): the table keeps one line per step and provider. */
function mergeCosts(step: string, lines: CostLine[]): CostLine[] {
  const by = new Map<string, CostLine>()
  for (const l of lines) {
    const k = `${l.provider}|${l.unit}`
    const prior = by.get(k)
    by.set(k, prior ? { ...prior, quantity: prior.quantity + l.quantity, usd: prior.usd + l.usd } : { ...l, step })
  }
  return [...by.values()]
}

/**
 * One studio video, end to end (docs/content-studio.md): brief → script → safety (and the
 * merchant's review, waiting for a `review` event) → voice → visuals → assembly → quality →
 * package. Every step writes the video's row and a progress event, so the row, not the
 * instance, is what the UI and the SSE streams read. Steps are named deterministically (a
 * review round is numbered); renaming one needs a new class (`…V2`), since running instances
 * replay by name. Each step returns small JSON: bytes live in R2, keys travel.
 */
export class StudioVideoWorkflowV1 extends WorkflowEntrypoint<Env, StudioWorkflowParams> {
  async run(event: Readonly<WorkflowEvent<StudioWorkflowParams>>, step: WorkflowStep) {
    const { videoId } = event.payload
    const instanceId = event.instanceId
    try {
      return await this.pipeline(videoId, instanceId, step)
    } catch (err) {
      const message = err instanceof Error ? err.message.replace(/^(?:Error: )?NonRetryableError: /, '') : String(err)
      await step.do('record-failure', DB_STEP, () =>
        this.use(async (d) => {
          const row = await getStudioVideoById(d.db, videoId)
          if (row && row.workflowInstanceId === instanceId && row.status !== 'failed')
            await this.progress(
              d,
              videoId,
              instanceId,
              { status: 'failed', error: message.slice(0, 1000), finishedAt: new Date() },
              { error: message.slice(0, 300) },
            )
          return { recorded: true }
        }),
      )
      throw err
    }
  }

  private async pipeline(videoId: string, instanceId: string, step: WorkflowStep) {
    const brief = await step.do('brief', DB_STEP, () =>
      this.use(async (d) => {
        const row = await this.rowOf(d, videoId, instanceId)
        let built: StudioBrief
        try {
          built = await buildBrief({ db: d.db, appUrl: d.config.APP_URL }, row)
        } catch (err) {
          if (err instanceof StudioInputError) await this.fail(d, videoId, instanceId, 'brief', err.message)
          throw err
        }
        await this.progress(
          d,
          videoId,
          instanceId,
          { brief: built, status: 'running', phase: 'brief', percent: PERCENT.brief },
          { products: built.products.length },
        )
        return { reviewRequired: built.voice.reviewRequired }
      }),
    )

    await step.do('script', DB_STEP, () =>
      this.use(async (d) => {
        const row = await this.rowOf(d, videoId, instanceId)
        const b = studioBriefSchema.parse(row.brief)
        const openai = await openAiAccessOf(d, row.merchantId)
        const kept = studioScriptSchema.safeParse(row.script)
        let script: StudioScript
        let cost: CostLine[] = []
        const providers: Record<string, string> = { ...row.providers }
        if (kept.success) {
          // A resubmitted video keeps the script the merchant saved; the checks run again below.
          script = kept.data
        } else {
          const first = await writeScript(b, { openai })
          cost = [...first.cost]
          script = first.script
          if (first.fallback) providers.writerFallback = first.fallback
          const issues = validateScript(script, b)
          if (issues.length) {
            // One rewrite with the next variant: another template (or another sample) often fixes it.
            const second = await writeScript({ ...b, variant: b.variant + 1 }, { openai })
            cost = [...cost, ...second.cost]
            if (validateScript(second.script, b).length < issues.length) script = second.script
          }
          providers.writer = script.writer
        }
        const seconds = spokenSeconds(script)
        if (seconds > MAX_SPOKEN_SECONDS)
          await this.fail(
            d,
            videoId,
            instanceId,
            'script',
            `the script runs about ${Math.round(seconds)} s, over the studio's limit of ${MAX_SPOKEN_SECONDS} s for ${b.voice.platform}; shorten it or lower the target length`,
          )
        await saveStudioCosts(d.db, { merchantId: row.merchantId, videoId, instanceId, lines: mergeCosts('script', cost) })
        await this.progress(
          d,
          videoId,
          instanceId,
          { script, scriptIssues: validateScript(script, b), providers, phase: 'script', percent: PERCENT.script },
          { writer: script.writer, scenes: script.scenes.length, hook: script.scenes[0]?.say ?? '' },
        )
        return { writer: script.writer }
      }),
    )

    // Safety, then review, until the script passes and (when asked) a person approved it.
    let approved = false
    for (let round = 1; ; round++) {
      const check = await step.do(`check-${round}`, DB_STEP, () =>
        this.use(async (d) => {
          const row = await this.rowOf(d, videoId, instanceId)
          const b = studioBriefSchema.parse(row.brief)
          const script = studioScriptSchema.parse(row.script)
          const openai = await openAiAccessOf(d, row.merchantId)
          const { issues, verdict, cost } = await checkScript(b, script, openai)
          await logStudioSafety(d.db, {
            merchantId: row.merchantId,
            videoId,
            stage: 'render',
            decision: verdict.decision,
            hits: verdict.hits,
            providers: verdict.providers,
          })
          await saveStudioCosts(d.db, { merchantId: row.merchantId, videoId, instanceId, lines: mergeCosts(`safety-${round}`, cost) })
          const blocked = verdict.decision === 'block'
          const needsPerson = blocked || verdict.decision === 'review' || blockingIssues(issues).length > 0 || (b.voice.reviewRequired && !approved)
          const patch: StudioVideoPatch = blocked
            ? { status: 'blocked', phase: 'safety', percent: PERCENT.safety }
            : needsPerson
              ? { status: 'awaiting_review', phase: 'review', percent: PERCENT.review }
              : { status: 'running', phase: 'safety', percent: PERCENT.safety }
          await this.progress(
            d,
            videoId,
            instanceId,
            { ...patch, safety: verdict, scriptIssues: issues, providers: { ...row.providers, moderation: verdict.providers.join(', ') } },
            { decision: verdict.decision, hits: verdict.hits.length, issues: issues.length },
          )
          return { decision: verdict.decision, needsPerson, mustChange: blocked || blockingIssues(issues).length > 0, checked: await scriptHash(script) }
        }),
      )
      if (!check.needsPerson) break
      if (round >= MAX_REVIEW_ROUNDS) throw new NonRetryableError(`the script was not approved after ${MAX_REVIEW_ROUNDS} rounds of review`)

      let decision: ReviewEvent
      try {
        const ev = await step.waitForEvent<ReviewEvent>(`script-review-${round}`, { type: REVIEW_EVENT, timeout: REVIEW_TIMEOUT })
        const parsed = reviewEventSchema.safeParse(ev.payload)
        // A malformed event approves nothing: the next round checks the same script and waits again.
        if (!parsed.success) continue
        decision = parsed.data
      } catch {
        await step.do(`park-${round}`, DB_STEP, () =>
          this.use(async (d) => {
            await this.progress(
              d,
              videoId,
              instanceId,
              { status: 'parked', error: `no review within ${REVIEW_TIMEOUT}; edit or resubmit the draft to go on`, finishedAt: new Date() },
              { parked: true },
            )
            return { parked: true }
          }),
        )
        return { status: 'parked' as const }
      }
      if (decision.action === 'reject') {
        const reason = decision.reason
        await step.do(`reject-${round}`, DB_STEP, () =>
          this.use(async (d) => {
            await this.progress(
              d,
              videoId,
              instanceId,
              { status: 'rejected', error: reason ?? 'rejected by the merchant', finishedAt: new Date() },
              { rejected: true },
            )
            return { rejected: true }
          }),
        )
        return { status: 'rejected' as const }
      }
      const edited = decision.script
      const applied = await step.do(`approve-${round}`, DB_STEP, () =>
        this.use(async (d) => {
          const row = await this.rowOf(d, videoId, instanceId)
          const patch: StudioVideoPatch = { status: 'running', phase: 'review', percent: PERCENT.review }
          if (edited) Object.assign(patch, { script: edited, providers: { ...row.providers, script: 'edited by the merchant' } })
          await this.progress(d, videoId, instanceId, patch, { approved: true, edited: Boolean(edited) })
          return { changed: (await scriptHash(studioScriptSchema.parse(edited ?? row.script))) !== check.checked }
        }),
      )
      approved = true
      // The approved script is the one just checked, and nothing had to change: no second check.
      if (!applied.changed && !check.mustChange) break
    }

    const access = await step.do('voice-access', DB_STEP, () =>
      this.use(async (d) => {
        const row = await this.rowOf(d, videoId, instanceId)
        const a = await openAiAccessOf(d, row.merchantId)
        return { keyed: a !== null, images: a !== null && studioBriefSchema.parse(row.brief).voice.generateImages }
      }),
    )

    // Generated images for the scenes that would be text cards, when the shop asked and is keyed;
    // a failure leaves those scenes as cards, recorded.
    let generated: Record<string, string> = {}
    if (access.images) {
      try {
        generated = (
          await step.do('images', TTS_STEP, () =>
            this.use(async (d) => {
              const row = await this.rowOf(d, videoId, instanceId)
              const openai = (await openAiAccessOf(d, row.merchantId)) as NonNullable<OpenAiAccess>
              const brief = studioBriefSchema.parse(row.brief)
              const script = studioScriptSchema.parse(row.script)
              const sceneIds = scenesForGeneratedImages(brief, script)
              const { keys, cost } = await generateSceneImages(
                { media: d.env.MEDIA },
                { access: openai, brief, script, sceneIds, prefix: studioTmpPrefix(row.merchantId, videoId) },
              )
              await saveStudioCosts(d.db, { merchantId: row.merchantId, videoId, instanceId, lines: cost })
              const made = Object.keys(keys).length
              if (made) await this.progress(d, videoId, instanceId, { providers: { ...row.providers, images: `openai:${IMAGE_MODEL}` } }, { images: made })
              return { keys }
            }),
          )
        ).keys
      } catch (err) {
        const reason = `OpenAI image generation failed (${err instanceof Error ? err.message.slice(0, 200) : String(err)}); text cards instead`
        await step.do('images-fallback', DB_STEP, () =>
          this.use(async (d) => {
            const row = await this.rowOf(d, videoId, instanceId)
            await this.progress(d, videoId, instanceId, { providers: { ...row.providers, imagesFallback: reason } }, { fallback: reason })
            return reason
          }),
        )
      }
    }

    // OpenAI TTS when keyed (retried with backoff); its failure falls back to espeak-ng, recorded.
    let ttsKeys: Record<string, string> | null = null
    let ttsFallback: string | null = null
    if (access.keyed) {
      try {
        const tts = await step.do('voice-tts', TTS_STEP, () =>
          this.use(async (d) => {
            const row = await this.rowOf(d, videoId, instanceId)
            const openai = (await openAiAccessOf(d, row.merchantId)) as NonNullable<OpenAiAccess>
            const b = studioBriefSchema.parse(row.brief)
            const chunks = voiceChunks(studioScriptSchema.parse(row.script))
            const { keys, cost } = await synthesizeWithOpenAi(
              { media: d.env.MEDIA },
              { access: openai, voice: b.voice.voice, chunks, prefix: studioTmpPrefix(row.merchantId, videoId) },
            )
            await saveStudioCosts(d.db, { merchantId: row.merchantId, videoId, instanceId, lines: mergeCosts('voice', cost) })
            return { keys }
          }),
        )
        ttsKeys = tts.keys
      } catch (err) {
        const reason = `OpenAI TTS failed (${err instanceof Error ? err.message.slice(0, 200) : String(err)}); espeak-ng spoke instead`
        ttsFallback = await step.do('voice-fallback', DB_STEP, () =>
          this.use(async (d) => {
            const row = await this.rowOf(d, videoId, instanceId)
            await this.progress(d, videoId, instanceId, { providers: { ...row.providers, voiceFallback: reason } }, { fallback: reason })
            return reason
          }),
        )
      }
    }

    const voice = await step.do('voice', RENDER_STEP, () =>
      this.use(async (d) => {
        const row = await this.rowOf(d, videoId, instanceId)
        const b = studioBriefSchema.parse(row.brief)
        const chunks = voiceChunks(studioScriptSchema.parse(row.script))
        const prefix = studioTmpPrefix(row.merchantId, videoId)
        const inputs = ttsKeys ? chunks.map((c) => ({ name: `tts-${c.id}`.slice(0, 40), key: (ttsKeys as Record<string, string>)[c.id] })) : []
        const { result, bytes } = await renderStep(
          d,
          {
            jobId: await stepJobId(instanceId, 'voice'),
            merchantId: row.merchantId,
            job: {
              type: 'studio-voice',
              chunks: chunks.map((c) => ({ id: c.id, text: c.text, input: ttsKeys ? `tts-${c.id}`.slice(0, 40) : undefined })),
              language: b.voice.language,
              voice: espeakVoiceOf(b.voice.voice),
              // the video is the voice-over plus a short tail on the last scene
              targetMs: Math.round((b.voice.targetSeconds - TAIL_SECONDS) * 1000),
            },
            inputs,
            keepAsBytes: ['voice.m4a'],
          },
          (message) => this.fail(d, videoId, instanceId, 'voice', message),
        )
        const audio = bytes.get('voice.m4a')
        if (!audio) throw new Error('the render node returned no voice track')
        const voiceKey = `${prefix}voice.m4a`
        await d.env.MEDIA.put(voiceKey, audio, { httpMetadata: { contentType: 'audio/mp4' } })
        const meta = result.meta as { engine?: string; chunks?: { id: string; startMs: number; endMs: number }[]; durationMs?: number; lufs?: number }
        const timing: VoiceTiming = {
          durationMs: Math.round(meta.durationMs ?? result.outputs.find((o) => o.name === 'voice.m4a')?.durationMs ?? 0),
          chunks: chunks.map((c) => {
            const t = meta.chunks?.find((m) => m.id === c.id)
            return { ...c, startMs: Math.round(t?.startMs ?? 0), endMs: Math.round(t?.endMs ?? 0) }
          }),
        }
        const engine = ttsKeys ? `openai:tts-1` : 'espeak-ng'
        const characters = chunks.reduce((s, c) => s + c.text.length, 0)
        await saveStudioCosts(d.db, {
          merchantId: row.merchantId,
          videoId,
          instanceId,
          lines: [
            ...(ttsKeys ? [] : [{ step: 'voice', provider: 'espeak-ng', unit: 'characters', quantity: characters, usd: 0 }]),
            { step: 'voice-render', provider: 'render-node', unit: 'render_seconds', quantity: result.durationMs / 1000, usd: 0 },
          ],
        })
        const providers = { ...row.providers, voice: engine, ...(ttsFallback ? { voiceFallback: ttsFallback } : {}) }
        await this.progress(
          d,
          videoId,
          instanceId,
          {
            providers,
            phase: 'voice',
            percent: PERCENT.voice,
            status: 'running',
            voice: { engine, durationMs: timing.durationMs, chunks: timing.chunks.map(({ id, sceneId, startMs, endMs }) => ({ id, sceneId, startMs, endMs })) },
          },
          { engine, durationMs: timing.durationMs, fallback: ttsFallback },
        )
        if (timing.durationMs / 1000 > MAX_SPOKEN_SECONDS)
          await this.fail(
            d,
            videoId,
            instanceId,
            'voice',
            `the voice-over runs ${Math.round(timing.durationMs / 1000)} s, over the studio's limit of ${MAX_SPOKEN_SECONDS} s`,
          )
        return { voiceKey, timing, engine }
      }),
    )

    const choices = await step.do('visuals', RENDER_STEP, () =>
      this.use(async (d) => {
        const row = await this.rowOf(d, videoId, instanceId)
        const b = studioBriefSchema.parse(row.brief)
        const script = studioScriptSchema.parse(row.script)
        const picked = await chooseVisuals(d, { merchantId: row.merchantId, instanceId, brief: b, script, generated }, (message) =>
          this.fail(d, videoId, instanceId, 'visuals', message),
        )
        await saveStudioCosts(d.db, { merchantId: row.merchantId, videoId, instanceId, lines: picked.cost })
        await this.progress(d, videoId, instanceId, { phase: 'visuals', percent: PERCENT.visuals }, { scenes: picked.choices.map((c) => c.kind) })
        return picked.choices
      }),
    )

    const assembled = await step.do('assembly', RENDER_STEP, () =>
      this.use(async (d) => {
        const row = await this.rowOf(d, videoId, instanceId)
        await this.progress(d, videoId, instanceId, { phase: 'assembly', percent: PERCENT.assembly }, { started: true })
        const b = studioBriefSchema.parse(row.brief)
        const script = studioScriptSchema.parse(row.script)
        const shop = await getStudioShopFacts(d.db, row.merchantId)
        const link = row.productId ? await findProductLink(d.db, row.merchantId, row.productId) : null
        const aiMade = row.providers.writer?.startsWith('openai') ?? false
        const aiSpoke = voice.engine.startsWith('openai')
        const cta = script.scenes.find((s) => s.kind === 'cta')?.onScreen || defaultCallToAction(b)
        const brandColor =
          typeof shop?.settings.brandColor === 'string' && /^#[0-9a-fA-F]{6}$/.test(shop.settings.brandColor) ? shop.settings.brandColor : '#111827'
        const { job, inputs } = assemblyJobOf({
          script,
          brief: b,
          voice: voice.timing,
          voiceKey: voice.voiceKey,
          choices,
          logoKey: shop?.avatarKey ?? null,
          cuts: row.options.cuts ?? ['storefront', 'clean'],
          resolution: row.options.resolution ?? '1080x1920',
          callToAction: cta,
          qrUrl: link ? `${d.config.APP_URL}/l/${link.code}` : (b.shop.storefrontUrl ?? null),
          // OpenAI writing or speaking anything makes the video AI-generated; the offline path
          // (catalog-filled templates, espeak-ng) still carries a synthetic voice, and says so.
          disclosureText: aiMade || aiSpoke ? 'AI-generated' : 'Synthetic voice',
          brandColor,
        })
        const { result, stored } = await renderStep(
          d,
          {
            jobId: await stepJobId(instanceId, 'assembly'),
            merchantId: row.merchantId,
            job,
            inputs,
            timeoutMs: 540_000,
          },
          (message) => this.fail(d, videoId, instanceId, 'assembly', message),
        )
        const outputs = stored.flatMap((o): StudioOutput[] => {
          if (!o.key || !o.assetId) return []
          const base = {
            name: o.name,
            key: o.key,
            assetId: o.assetId,
            contentType: o.contentType,
            bytes: o.bytes,
            width: o.width,
            height: o.height,
            durationMs: o.durationMs,
          }
          if (o.name.endsWith('.mp4')) return [{ ...base, kind: 'cut' as const, cut: o.name.replace(/\.mp4$/, '') }]
          if (o.name === 'cover.jpg') return [{ ...base, kind: 'cover' as const }]
          if (o.name.endsWith('.srt')) return [{ ...base, kind: 'srt' as const }]
          if (o.name.endsWith('.ass')) return [{ ...base, kind: 'ass' as const }]
          return []
        })
        await saveStudioCosts(d.db, {
          merchantId: row.merchantId,
          videoId,
          instanceId,
          lines: [{ step: 'assembly', provider: 'render-node', unit: 'render_seconds', quantity: result.durationMs / 1000, usd: 0 }],
        })
        const qc = ((result.meta as { qc?: unknown }).qc ?? {}) as NonNullable<StudioVideo['qc']>
        await this.progress(d, videoId, instanceId, { outputs, qc, phase: 'assembly', percent: PERCENT.quality - 5 }, { outputs: outputs.map((o) => o.name) })
        return { cuts: outputs.filter((o) => o.kind === 'cut').length, aiMade: aiMade || aiSpoke }
      }),
    )

    await step.do('quality', DB_STEP, () =>
      this.use(async (d) => {
        const row = await this.rowOf(d, videoId, instanceId)
        const cuts = row.outputs.filter((o) => o.kind === 'cut')
        const problems = cuts.flatMap((o) => {
          const q = row.qc?.[o.cut ?? o.name]
          if (!q) return [`${o.cut}: no quality report`]
          return q.ok ? [] : [`${o.cut}: ${q.problems.join(', ') || 'failed the quality check'}`]
        })
        if (!cuts.length) problems.push('the render produced no video')
        if (problems.length) await this.fail(d, videoId, instanceId, 'quality', `the quality check rejected the render: ${problems.join('; ')}`)
        await this.progress(d, videoId, instanceId, { phase: 'quality', percent: PERCENT.quality }, { passed: cuts.map((c) => c.cut) })
        return { passed: cuts.length }
      }),
    )

    await step.do('package', DB_STEP, () =>
      this.use(async (d) => {
        const row = await this.rowOf(d, videoId, instanceId)
        const b = studioBriefSchema.parse(row.brief)
        const script = studioScriptSchema.parse(row.script)
        const link = row.productId ? await findProductLink(d.db, row.merchantId, row.productId) : null
        const url = link ? `${d.config.APP_URL}/l/${link.code}` : (b.shop.storefrontUrl ?? '')
        const post = postOf(script, b, url)
        if (row.productId) {
          await tagOutputsWithProduct(
            d.db,
            row.merchantId,
            row.productId,
            row.outputs.map((o) => o.assetId),
          )
        }
        const costs = await listStudioCostsOfVideo(d.db, videoId)
        const totalUsd = roundUsd(costs.filter((c) => c.instanceId === instanceId).reduce((s, c) => s + c.usd, 0))
        // Intermediates (voice chunks, the voice track) go once the video is made.
        const tmp = await d.env.MEDIA.list({ prefix: studioTmpPrefix(row.merchantId, videoId) })
        if (tmp.objects.length) await d.env.MEDIA.delete(tmp.objects.map((o) => o.key))
        const done = await this.progress(
          d,
          videoId,
          instanceId,
          { post, status: 'ready', phase: 'done', percent: PERCENT.done, error: null, finishedAt: new Date() },
          { totalUsd, cuts: assembled.cuts },
        )
        if (done && row.status !== 'ready') {
          await emitWebhook(d, row.merchantId, 'video.ready', {
            studioVideoId: videoId,
            productId: row.productId,
            videos: row.outputs
              .filter((o) => o.kind === 'cut')
              .map((o) => ({ assetId: o.assetId, name: o.name, contentType: o.contentType, durationMs: o.durationMs ?? null })),
          })
        }
        return { totalUsd }
      }),
    )
    return { status: 'ready' as const, reviewRequired: brief.reviewRequired }
  }

  /** Runs `fn` with a database of its own (a step may run in a fresh isolate) and closes it. */
  private async use<T>(fn: (d: StepDeps) => Promise<T>): Promise<T> {
    const config = configOf(this.env)
    const { db, close } = createDb(config)
    try {
      return await fn({ db, env: this.env, config, log: createLogger(config.LOG_LEVEL, { task: 'studio' }) })
    } finally {
      await close().catch(() => {})
    }
  }

  /** The row, if this instance still drives it (a resubmit or a delete ends the old instance's work). */
  private async rowOf(d: StepDeps, videoId: string, instanceId: string): Promise<StudioVideo> {
    const row = await getStudioVideoById(d.db, videoId)
    if (!row) throw new NonRetryableError('the video was deleted')
    if (row.workflowInstanceId !== instanceId) throw new NonRetryableError('the video was resubmitted; a newer run drives it')
    return row
  }

  private async progress(d: StepDeps, videoId: string, instanceId: string, patch: StudioVideoPatch, data: Record<string, unknown>) {
    const row = await updateStudioVideo(d.db, videoId, patch, { data }, instanceId)
    if (!row) throw new NonRetryableError('the video was deleted or resubmitted')
    return row
  }

  /** Records a clear failure on the row, then stops the instance without retrying. */
  private async fail(d: StepDeps, videoId: string, instanceId: string, phase: string, message: string): Promise<never> {
    await this.progress(d, videoId, instanceId, { status: 'failed', error: message, finishedAt: new Date() }, { failedIn: phase, error: message })
    throw new NonRetryableError(message)
  }
}

/**
 * A render from a step: bad input (the node refused it, or an input is gone from storage) stops
 * the video at once through `onBadInput` (which records the failure on the row); anything else
 * (the node down, a 5xx) throws for the step to retry.
 */
async function renderStep(d: StepDeps, request: Parameters<typeof runRender>[1], onBadInput: (message: string) => Promise<never>) {
  try {
    return await runRender(d, request)
  } catch (err) {
    if (err instanceof AppError && (err.code === 'unprocessable' || err.code === 'not_found')) return onBadInput(err.message)
    throw err
  }
}

/** The render node wants a UUID per job: one derived from the instance and step, the same on every retry. */
async function stepJobId(instanceId: string, stepName: string): Promise<string> {
  const h = [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${instanceId}:${stepName}`)))]
  h[6] = (h[6] & 0x0f) | 0x50
  h[8] = (h[8] & 0x3f) | 0x80
  const hex = h
    .slice(0, 16)
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

/** A script's identity, to tell whether the one approved is the one checked (an edit may have been saved in between). */
async function scriptHash(script: unknown): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(script)))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** Where the call to action sends the shopper when the script's last scene has no on-screen text. */
function defaultCallToAction(brief: StudioBrief) {
  return brief.shop.orderChannel === 'whatsapp' ? 'Order on WhatsApp' : brief.shop.orderChannel === 'telegram' ? 'Order on Telegram' : 'Shop now'
}

/**
 * The post text per platform. The platform-clean cut carries no price or link, so price and call
 * to action move here; TikTok and Instagram do not link captions, so they name the shop instead.
 */
function postOf(script: StudioScript, brief: StudioBrief, url: string) {
  const product = brief.products[0]
  const price = product?.priceText
    ? product.compareAtMinor && product.currency
      ? `${product.priceText} (was ${formatMoney(product.compareAtMinor, product.currency)})`
      : product.priceText
    : null
  const cta = script.scenes.find((s) => s.kind === 'cta')?.say ?? defaultCallToAction(brief)
  const tags = script.hashtags.join(' ')
  const lines = (extra: string[]) => [script.caption, ...extra, tags].filter(Boolean).join('\n\n')
  const code = brief.shop.discountCode ? `Code ${brief.shop.discountCode}` : null
  return {
    caption: script.caption,
    hashtags: script.hashtags,
    platforms: {
      tiktok: lines([[price, cta].filter(Boolean).join(' · '), code ?? '', `Link in bio: @${brief.shop.name}`].filter(Boolean)).slice(0, 2200),
      instagram: lines([[price, cta].filter(Boolean).join(' · '), code ?? '', 'Link in bio'].filter(Boolean)).slice(0, 2200),
      youtube: lines([[price, cta].filter(Boolean).join(' · '), code ?? '', url].filter(Boolean)).slice(0, 5000),
      storefront: lines([[price, cta].filter(Boolean).join(' · '), code ?? '', url].filter(Boolean)).slice(0, 2200),
    },
  }
}

/**
 * What each scene shows. Only media of the brief may appear (an edited script cannot point at
 * another shop's objects): a scene's own photo, cover or clip when it is the brief's, else the
 * next unused photo or cover, else a text card. Clips go through the render node's smart-clip
 * scoring once each, and their best segments fill the clip scenes in score order.
 */
async function chooseVisuals(
  d: StepDeps,
  input: { merchantId: string; instanceId: string; brief: StudioBrief; script: StudioScript; generated: Record<string, string> },
  onBadInput: (message: string) => Promise<never>,
) {
  const images = input.brief.products.flatMap((p) => [...p.imageKeys, ...p.coverKeys])
  const clips = new Set(input.brief.products.flatMap((p) => p.clipKeys))
  const allowed = new Set(images)
  const segments = new Map<string, { startSeconds: number; endSeconds: number }[]>()
  let renderSeconds = 0
  const wantedClips = [...new Set(input.script.scenes.flatMap((s) => (s.visual.kind === 'clip' && clips.has(s.visual.key) ? [s.visual.key] : [])))]
  for (const [i, key] of wantedClips.entries()) {
    const { result } = await renderStep(
      d,
      {
        jobId: await stepJobId(input.instanceId, `clips-${i}`),
        merchantId: null,
        job: { type: 'studio-clips', input: 'clip', count: 4 },
        inputs: [{ name: 'clip', key }],
      },
      onBadInput,
    )
    renderSeconds += result.durationMs / 1000
    const found = ((result.meta as { clips?: { startSeconds: number; endSeconds: number; score: number }[] }).clips ?? []).sort((a, b) => b.score - a.score)
    segments.set(key, found)
  }
  let next = 0
  const used = new Set<string>()
  const choices: SceneChoice[] = input.script.scenes.map((scene) => {
    const v = scene.visual
    if (v.kind === 'clip' && segments.get(v.key)?.length) {
      const seg =
        v.startSeconds !== undefined && v.endSeconds !== undefined ? v : (segments.get(v.key)?.shift() as { startSeconds: number; endSeconds: number })
      return { sceneId: scene.id, kind: 'clip', key: v.key, startSeconds: seg.startSeconds, endSeconds: seg.endSeconds }
    }
    if ((v.kind === 'photo' || v.kind === 'cover') && allowed.has(v.key)) {
      used.add(v.key)
      return { sceneId: scene.id, kind: 'image', key: v.key }
    }
    if (v.kind !== 'card' && images.length) {
      const key = images.find((k) => !used.has(k)) ?? images[next++ % images.length]
      used.add(key)
      return { sceneId: scene.id, kind: 'image', key }
    }
    const made = input.generated[scene.id]
    return made ? { sceneId: scene.id, kind: 'image', key: made } : { sceneId: scene.id, kind: 'card' }
  })
  const cost: CostLine[] = renderSeconds ? [{ step: 'visuals', provider: 'render-node', unit: 'render_seconds', quantity: renderSeconds, usd: 0 }] : []
  return { choices, cost }
}
