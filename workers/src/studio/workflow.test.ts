import { env, introspectWorkflow, SELF } from 'cloudflare:test'
import { afterEach, describe, expect, it } from 'vitest'
import { eventually, query, signedInMember, sql } from '../../test/helpers'
import { api, eventsOf, MOCKED_RENDER_STEPS, seedProduct, videoRow, waitForStatus } from './test-kit'

type Created = { video: { id: string; status: string } }

/** Every instance created from here on gets these modifiers: no sleeps or retry waits, and the render steps stubbed unless kept. */
async function studioWorkflows(
  o: { keep?: string[]; extra?: (m: Parameters<Parameters<Awaited<ReturnType<typeof introspectWorkflow>>['modifyAll']>[0]>[0]) => Promise<void> } = {},
) {
  const wf = await introspectWorkflow(env.STUDIO_WORKFLOW)
  await wf.modifyAll(async (m) => {
    await m.disableSleeps()
    await m.disableRetryDelays()
    for (const [name, result] of MOCKED_RENDER_STEPS) if (!o.keep?.includes(name)) await m.mockStepResult({ name }, result)
    await o.extra?.(m)
  })
  return wf
}

const fakeOpenAi = (path: string, body?: unknown) =>
  fetch(`${new URL(env.OPENAI_BASE_URL).origin}${path}`, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) })

afterEach(async () => {
  await fakeOpenAi('/__reset')
})

describe('studio workflow: review branches', () => {
  it('waits for review, and an approval through the API runs it to ready with events, costs and the safety log', async () => {
    await using _wf = await studioWorkflows()
    const owner = await signedInMember()
    const product = await seedProduct(owner.merchantId)
    const res = await api('POST', '/videos', owner, { source: { kind: 'product', productId: product.id }, reviewRequired: true, targetSeconds: 20 })
    expect(res.status).toBe(202)
    const { video } = (await res.json()) as Created
    expect(video.status).toBe('queued')

    const waiting = await waitForStatus(video.id, ['awaiting_review'])
    expect(waiting.phase).toBe('review')
    expect(waiting.script?.scenes.length).toBeGreaterThanOrEqual(4)
    expect(waiting.script?.writer).toMatch(/^template:/)
    expect(JSON.stringify(waiting.script)).toContain('Ankara Wrap Dress')

    const approved = await api('POST', `/videos/${video.id}/approve`, owner, {})
    expect(approved.status).toBe(202)
    const ready = await waitForStatus(video.id, ['ready'])
    expect(ready.percent).toBe(100)

    const events = await eventsOf(video.id)
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1))
    const statuses = events.map((e) => e.status)
    expect(statuses.indexOf('awaiting_review')).toBeGreaterThan(-1)
    expect(statuses.indexOf('awaiting_review')).toBeLessThan(statuses.lastIndexOf('running'))
    expect(statuses.at(-1)).toBe('ready')
    expect(events.find((e) => e.data.approved)?.data).toMatchObject({ approved: true, edited: false })

    const log = await query<{ stage: string; decision: string }>(sql`select stage, decision from studio_safety_log where video_id = ${video.id}`)
    expect(log).toEqual([{ stage: 'render', decision: 'allow' }])
    const costs = await query<{ step: string; provider: string; usd: number }>(sql`select step, provider, usd from studio_costs where video_id = ${video.id}`)
    expect(costs).toContainEqual({ step: 'script', provider: 'template', usd: 0 })

    // The view the studio page reads.
    const view = (await (await api('GET', `/videos/${video.id}`, owner)).json()) as {
      status: string
      costs: { totalUsd: number }
      safety: { decision: string }
    }
    expect(view).toMatchObject({ status: 'ready', costs: { totalUsd: 0 }, safety: { decision: 'allow' } })
  })

  it('approves an edited script: the edit is checked, saved and what the video goes on with', async () => {
    await using _wf = await studioWorkflows()
    const owner = await signedInMember()
    const product = await seedProduct(owner.merchantId)
    const { video } = (await (
      await api('POST', '/videos', owner, { source: { kind: 'product', productId: product.id }, reviewRequired: true })
    ).json()) as Created
    const waiting = await waitForStatus(video.id, ['awaiting_review'])
    const script = structuredClone(waiting.script) as NonNullable<typeof waiting.script>
    script.scenes[0].say = 'Meet the Ankara Wrap Dress.'
    script.scenes[0].onScreen = 'Made for Lagos heat'

    // Saving an edit returns its verdict and issues without resuming anything.
    const saved = await api('PUT', `/videos/${video.id}/script`, owner, { script })
    expect(saved.status).toBe(200)
    const check = (await saved.json()) as { safety: { decision: string }; issues: unknown[]; video: { status: string } }
    expect(check.safety.decision).toBe('allow')
    expect(check.issues).toEqual([])
    expect(check.video.status).toBe('awaiting_review')

    expect((await api('POST', `/videos/${video.id}/approve`, owner, { script })).status).toBe(202)
    const ready = await waitForStatus(video.id, ['ready'])
    expect(ready.script?.scenes[0].say).toBe('Meet the Ankara Wrap Dress.')
    expect(ready.providers.script).toBe('edited by the merchant')
    const log = await query<{ stage: string }>(sql`select stage from studio_safety_log where video_id = ${video.id} order by created_at`)
    // Render check, the edit's check, and the re-check after approval.
    expect(log.map((l) => l.stage)).toEqual(['render', 'edit', 'render'])
  })

  it('rejects: the video ends as rejected with the reason, and nothing is rendered', async () => {
    await using _wf = await studioWorkflows({
      extra: async (m) => m.mockEvent({ type: 'review', payload: { action: 'reject', reason: 'Wrong season for this dress' } }),
    })
    const owner = await signedInMember()
    const product = await seedProduct(owner.merchantId)
    const { video } = (await (
      await api('POST', '/videos', owner, { source: { kind: 'product', productId: product.id }, reviewRequired: true })
    ).json()) as Created
    const row = await waitForStatus(video.id, ['rejected'])
    expect(row.error).toBe('Wrong season for this dress')
    expect((await eventsOf(video.id)).some((e) => e.phase === 'voice')).toBe(false)
    // A rejected video cannot be approved afterwards.
    expect((await api('POST', `/videos/${video.id}/approve`, owner, {})).status).toBe(409)
  })

  it('parks the draft when no review comes within the timeout, and a resubmit starts a fresh instance on the same row', async () => {
    await using _wf = await studioWorkflows({ extra: async (m) => m.forceEventTimeout({ name: 'script-review-1' }) })
    const owner = await signedInMember()
    const product = await seedProduct(owner.merchantId)
    const { video } = (await (
      await api('POST', '/videos', owner, { source: { kind: 'product', productId: product.id }, reviewRequired: true })
    ).json()) as Created
    const parked = await waitForStatus(video.id, ['parked'])
    expect(parked.error).toMatch(/no review within 7 days/)
    expect(parked.workflow_instance_id).toBe(video.id)

    const again = await api('POST', `/videos/${video.id}/resubmit`, owner)
    expect(again.status).toBe(202)
    const row = await videoRow(video.id)
    expect(row.workflow_instance_id).toBe(`${video.id}-r1`)
    // The fresh instance has the same modifiers (timeout again), so it parks again, on the same row.
    const reparked = await waitForStatus(video.id, ['parked'])
    expect(reparked.workflow_instance_id).toBe(`${video.id}-r1`)
    const [{ n }] = await query<{ n: number }>(sql`select count(*)::int as n from studio_videos where id = ${video.id}`)
    expect(n).toBe(1)
  })

  it('blocks a script the safety check refuses, says why, and goes on after an edit passes', async () => {
    await using _wf = await studioWorkflows()
    const owner = await signedInMember()
    await seedProduct(owner.merchantId)
    const { video } = (await (
      await api('POST', '/videos', owner, { source: { kind: 'topic', topic: 'This miracle tea cures diabetes fast' }, reviewRequired: false })
    ).json()) as Created
    const blocked = await waitForStatus(video.id, ['blocked'])
    expect(blocked.phase).toBe('safety')
    const view = (await (await api('GET', `/videos/${video.id}`, owner)).json()) as {
      safety: { decision: string; hits: { category: string; field: string; start: number; end: number; text: string; message: string }[] }
    }
    expect(view.safety.decision).toBe('block')
    const hit = view.safety.hits.find((h) => h.category === 'health_claim')
    expect(hit?.message).toMatch(/claim/i)
    expect(hit && hit.end > hit.start).toBe(true)

    const clean = JSON.parse(
      JSON.stringify(blocked.script)
        .replace(/miracle tea cures diabetes fast/gi, 'calming herbal tea for slow evenings')
        .replace(/cures diabetes/gi, 'tastes of lemongrass'),
    )
    const saved = (await (await api('PUT', `/videos/${video.id}/script`, owner, { script: clean })).json()) as { safety: { decision: string } }
    expect(saved.safety.decision).not.toBe('block')
    expect((await api('POST', `/videos/${video.id}/approve`, owner, {})).status).toBe(202)
    const ready = await waitForStatus(video.id, ['ready'])
    expect(JSON.stringify(ready.script)).not.toMatch(/diabetes/i)
    const log = await query<{ stage: string; decision: string }>(
      sql`select stage, decision from studio_safety_log where video_id = ${video.id} order by created_at`,
    )
    expect(log[0]).toEqual({ stage: 'render', decision: 'block' })
    expect(log.at(-1)?.stage).toBe('render')
    expect(log.at(-1)?.decision).not.toBe('block')
  })
})

describe('studio workflow: bad input and providers', () => {
  it('fails a product video with nothing to show with a clear "add a photo", and makes text cards for a topic without media', async () => {
    await using _wf = await studioWorkflows()
    const owner = await signedInMember()
    const bare = await seedProduct(owner.merchantId, { title: 'Plain Tote', photos: 0 })
    const { video } = (await (
      await api('POST', '/videos', owner, { source: { kind: 'product', productId: bare.id }, reviewRequired: false })
    ).json()) as Created
    const failed = await waitForStatus(video.id, ['failed'])
    expect(failed.error).toMatch(/add a photo of "Plain Tote"/)
    expect(failed.phase).toBe('queued')

    const topic = (await (
      await api('POST', '/videos', owner, { source: { kind: 'topic', topic: 'How to style a wrap dress for work' }, reviewRequired: false })
    ).json()) as Created
    await waitForStatus(topic.video.id, ['ready'])
    const visuals = (await eventsOf(topic.video.id)).find((e) => e.phase === 'visuals')
    expect(visuals?.data.scenes).toEqual(expect.arrayContaining(['card']))
    expect(((visuals?.data.scenes ?? []) as string[]).every((k) => k === 'card')).toBe(true)
  })

  it('fails a script over the studio limit with a clear message (a saved 2-minute edit, resubmitted)', async () => {
    await using _wf = await studioWorkflows()
    const owner = await signedInMember()
    const product = await seedProduct(owner.merchantId)
    const { video } = (await (
      await api('POST', '/videos', owner, { source: { kind: 'product', productId: product.id }, reviewRequired: true })
    ).json()) as Created
    const waiting = await waitForStatus(video.id, ['awaiting_review'])
    const long = structuredClone(waiting.script) as NonNullable<typeof waiting.script> & { scenes: { estSeconds: number; say: string }[] }
    const words = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ')
    for (const scene of long.scenes) Object.assign(scene, { say: `${scene.say} ${words}`.slice(0, 400), estSeconds: 30 })
    expect((await api('PUT', `/videos/${video.id}/script`, owner, { script: long })).status).toBe(200)
    // Failed (as a failed run leaves it), then resubmitted: the fresh run keeps the saved script and measures it.
    await query(sql`update studio_videos set status = 'failed' where id = ${video.id}`)
    expect((await api('POST', `/videos/${video.id}/resubmit`, owner)).status).toBe(202)
    const failed = await waitForStatus(video.id, ['failed'])
    expect(failed.error).toMatch(/the script runs about \d+ s, over the studio's limit of 99 s for tiktok/)
  })

  it('falls back to the template writer and espeak-ng when OpenAI fails, and records both', async () => {
    // The shop's own key; the fake answers chat with an unusable reply and TTS with 500s.
    await fakeOpenAi('/__script', { path: '/audio/speech', status: 500, body: { error: { message: 'fake TTS outage', type: 'server_error' } }, times: 100 })
    await using _wf = await studioWorkflows({ keep: ['voice'] })
    const owner = await signedInMember()
    expect((await api('PUT', '/openai-key', owner, { apiKey: 'sk-test-0123456789abcdefghijklmnop' })).status).toBe(200)
    const product = await seedProduct(owner.merchantId)
    const { video } = (await (
      await api('POST', '/videos', owner, { source: { kind: 'product', productId: product.id }, reviewRequired: false, targetSeconds: 15 })
    ).json()) as Created
    const ready = await waitForStatus(video.id, ['ready'], 60_000)
    expect(ready.script?.writer).toMatch(/^template:/)
    expect(ready.providers.writerFallback).toBeTruthy()
    expect(ready.providers.voice).toBe('espeak-ng')
    expect(ready.providers.voiceFallback).toMatch(/OpenAI TTS failed .*espeak-ng spoke instead/)
    const calls = (await (await fetch(`${new URL(env.OPENAI_BASE_URL).origin}/__calls`)).json()) as { path: string; headers: Record<string, string> }[]
    const tts = calls.filter((c) => c.path.endsWith('/audio/speech'))
    // Retried with backoff: several attempts, each with the shop's key.
    expect(tts.length).toBeGreaterThan(1)
    expect(tts.every((c) => c.headers.authorization === 'Bearer sk-test-0123456789abcdefghijklmnop')).toBe(true)
    const costs = await query<{ step: string; provider: string; unit: string; quantity: number; usd: number }>(
      sql`select step, provider, unit, quantity, usd from studio_costs where video_id = ${video.id}`,
    )
    expect(costs).toContainEqual(expect.objectContaining({ step: 'voice', provider: 'espeak-ng', unit: 'characters', usd: 0 }))
    expect(costs.find((c) => c.provider === 'espeak-ng')?.quantity).toBeGreaterThan(20)
    expect(costs).toContainEqual(expect.objectContaining({ step: 'voice-render', provider: 'render-node', unit: 'render_seconds' }))
    // The voice timing the captions follow is on the row.
    const view = (await (await api('GET', `/videos/${video.id}`, owner)).json()) as { voice: { engine: string; chunks: { startMs: number }[] } }
    expect(view.voice.engine).toBe('espeak-ng')
    expect(view.voice.chunks[0].startMs).toBe(0)
    expect(view.voice.chunks.map((c) => c.startMs)).toEqual([...view.voice.chunks.map((c) => c.startMs)].sort((a, b) => a - b))
  }, 70_000)
})

describe('studio workflow: generated images', () => {
  const topic = { kind: 'topic', topic: 'Three ways to wear a kitenge scarf this season' }
  type Call = { path: string; body: { prompt?: string; model?: string; size?: string } }
  const imageCalls = async () =>
    ((await (await fetch(`${new URL(env.OPENAI_BASE_URL).origin}/__calls`)).json()) as Call[]).filter((c) => c.path.endsWith('/images/generations'))
  const visualsOf = async (id: string) => (await eventsOf(id)).find((e) => e.phase === 'visuals' && Array.isArray(e.data.scenes))?.data.scenes as string[]

  it('fills the scenes without a photo with generated images when the shop turned them on and has a key, billed per image', async () => {
    await using _wf = await studioWorkflows()
    const owner = await signedInMember()
    expect((await api('PUT', '/openai-key', owner, { apiKey: 'sk-test-0123456789abcdefghijklmnop' })).status).toBe(200)
    expect((await api('PUT', '/settings', owner, { generateImages: true })).status).toBe(200)
    const { video } = (await (await api('POST', '/videos', owner, { source: topic, reviewRequired: false, targetSeconds: 20 })).json()) as Created
    const ready = await waitForStatus(video.id, ['ready'], 60_000)
    expect(ready.providers.images).toBe('openai:gpt-image-1')
    const calls = await imageCalls()
    const scenes = ready.script?.scenes ?? []
    // every scene but the call to action, one image each, asked for by the topic and without text
    expect(calls).toHaveLength(scenes.filter((s) => s.kind !== 'cta').length)
    expect(calls.every((c) => c.body.model === 'gpt-image-1' && c.body.size === '1024x1536')).toBe(true)
    expect(calls[0].body.prompt).toContain('kitenge scarf')
    expect(calls[0].body.prompt).toMatch(/No text/)
    expect(await visualsOf(video.id)).toEqual(scenes.map((s) => (s.kind === 'cta' ? 'card' : 'image')))
    const costs = await query<{ step: string; provider: string; unit: string; quantity: number; usd: number }>(
      sql`select step, provider, unit, quantity, usd from studio_costs where video_id = ${video.id} and step = 'images'`,
    )
    expect(costs).toEqual([expect.objectContaining({ provider: 'openai:gpt-image-1', unit: 'images', quantity: calls.length })])
    expect(costs[0].usd).toBeCloseTo(calls.length * 0.016, 5)
  }, 70_000)

  it('keeps text cards, and says why, when image generation fails; makes none when the setting is off', async () => {
    await fakeOpenAi('/__script', {
      path: '/images/generations',
      status: 500,
      body: { error: { message: 'fake image outage', type: 'server_error' } },
      times: 100,
    })
    await using _wf = await studioWorkflows()
    const owner = await signedInMember()
    expect((await api('PUT', '/openai-key', owner, { apiKey: 'sk-test-0123456789abcdefghijklmnop' })).status).toBe(200)
    expect((await api('PUT', '/settings', owner, { generateImages: true })).status).toBe(200)
    const { video } = (await (await api('POST', '/videos', owner, { source: topic, reviewRequired: false, targetSeconds: 20 })).json()) as Created
    const ready = await waitForStatus(video.id, ['ready'], 60_000)
    expect(ready.providers.imagesFallback).toMatch(/OpenAI image generation failed .*text cards instead/)
    expect((await visualsOf(video.id)).every((k) => k === 'card')).toBe(true)

    await fakeOpenAi('/__reset')
    expect((await api('PUT', '/settings', owner, { generateImages: false })).status).toBe(200)
    const off = (await (await api('POST', '/videos', owner, { source: topic, reviewRequired: false, targetSeconds: 20 })).json()) as Created
    await waitForStatus(off.video.id, ['ready'], 60_000)
    expect(await imageCalls()).toEqual([])
  }, 90_000)
})

describe('studio workflow: the real render node', () => {
  it('makes a video end to end offline: both cuts, cover and subtitles stored in R2, tagged to the product, intermediates gone, video.ready sent signed', async () => {
    const owner = await signedInMember()
    const product = await seedProduct(owner.merchantId, { photos: 2 })
    // The shop's ERP listens for finished videos at the fake receiver, which checks the signature.
    const receiver = (env as unknown as { WEBHOOK_TRUSTED_ORIGIN: string }).WEBHOOK_TRUSTED_ORIGIN
    const hookPath = `/hooks/${crypto.randomUUID()}`
    const endpoint = await SELF.fetch('http://hub.test/api/webhooks', {
      method: 'POST',
      headers: { ...owner.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ url: `${receiver}${hookPath}`, events: ['video.ready'] }),
    })
    expect(endpoint.status).toBe(201)
    const { secret } = (await endpoint.json()) as { secret: string }
    await fetch(`${receiver}/__secrets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path: hookPath, secret }) })
    const { video } = (await (
      await api('POST', '/videos', owner, {
        source: { kind: 'product', productId: product.id },
        reviewRequired: false,
        targetSeconds: 15,
        resolution: '540x960',
      })
    ).json()) as Created
    const ready = await waitForStatus(video.id, ['ready'], 110_000)
    const names = ready.outputs.map((o) => o.name).sort()
    expect(names).toEqual(expect.arrayContaining(['captions.srt', 'clean.mp4', 'cover.jpg', 'storefront.mp4']))
    for (const o of ready.outputs) expect(await env.MEDIA.head(o.key), o.name).not.toBeNull()
    const view = (await (await api('GET', `/videos/${video.id}`, owner)).json()) as {
      qc: Record<string, { ok: boolean; width: number; height: number; durationMs: number }>
      voice: { engine: string; durationMs: number; chunks: unknown[] }
      post: { platforms: Record<string, string> }
      costs: { lines: { step: string; unit: string; quantity: number }[] }
    }
    expect(view.qc.clean).toMatchObject({ ok: true, width: 540, height: 960 })
    expect(view.qc.storefront.ok).toBe(true)
    expect(view.voice.engine).toBe('espeak-ng')
    // The cut runs the voice plus a short tail.
    expect(Math.abs(view.qc.clean.durationMs - view.voice.durationMs)).toBeLessThan(1500)
    expect(view.post.platforms.tiktok).toContain('₦')
    expect(
      view.costs.lines
        .filter((l) => l.unit === 'render_seconds')
        .map((l) => l.step)
        .sort(),
    ).toEqual(['assembly', 'voice-render'])
    // Tagged to the product's media; no intermediate left in R2.
    const tagged = await query<{ n: number }>(
      sql`select count(*)::int as n from media_assets where merchant_id = ${owner.merchantId} and meta->>'productId' = ${product.id} and content_type = 'video/mp4'`,
    )
    expect(tagged[0].n).toBe(2)
    expect((await env.MEDIA.list({ prefix: `m/${owner.merchantId}/studio-tmp/` })).objects).toEqual([])
    // Exactly one video.ready, signed, naming the video and its two cuts.
    type Hit = {
      verified: boolean
      body: { type: string; data: { studioVideoId: string; productId: string; videos: { name: string; contentType: string }[] } }
    }
    const hits = await eventually(async () => {
      const r = (await (await fetch(`${receiver}/__received?path=${encodeURIComponent(hookPath)}`)).json()) as Hit[]
      return r.length ? r : null
    })
    expect(hits).toHaveLength(1)
    expect(hits[0].verified).toBe(true)
    expect(hits[0].body.type).toBe('video.ready')
    expect(hits[0].body.data).toMatchObject({ studioVideoId: video.id, productId: product.id })
    expect(hits[0].body.data.videos.map((v) => v.name).sort()).toEqual(['clean.mp4', 'storefront.mp4'])
  }, 120_000)
})
