import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Clock, Sparkles } from 'lucide-react'
import { useEffect, useId, useState } from 'react'
import { useNavigate } from 'react-router'
import { STUDIO_LIMITS, STUDIO_PLATFORMS, STUDIO_TONES, type StudioSource } from '../../../../contracts/studio'
import {
  Button,
  Checkbox,
  Dialog,
  DialogContent,
  ErrorNote,
  Label,
  Select,
  Switch,
  Tabs,
  TabsContent,
  TabsList,
  TabsTrigger,
  TextArea,
  toast,
} from '../../components/ui/ui'
import { ApiError, fieldErrors } from '../../lib/api-client'
import {
  type NewVideo,
  PLATFORM_LABEL,
  type QuotaError,
  type StudioPlatform,
  type StudioSettings,
  type StudioTone,
  studioApi,
  TONE_LABEL,
  untilText,
} from './api'
import { ProductPicker } from './parts'

type Kind = StudioSource['kind']
type Picked = { id: string; title: string }

/** A 429 from the daily quota, in words: how many, and when it resets. */
function QuotaNote({ error, settings }: { error: ApiError; settings: StudioSettings | undefined }) {
  const retry = (error as QuotaError).retryAfterSeconds ?? Number.NaN
  const resetsAt = Number.isFinite(retry) && retry > 0 ? new Date(Date.now() + retry * 1000).toISOString() : settings?.usage.resetsAt
  return (
    <div role="alert" className="flex items-start gap-3 rounded-lg border border-warning/40 bg-warning-soft p-3 text-sm" data-testid="quota-note">
      <Clock className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden="true" />
      <div className="flex flex-col gap-1">
        <strong className="font-medium">Today’s video quota is used up{settings ? ` (${settings.usage.quota} a day)` : ''}.</strong>
        <span className="text-muted-foreground">
          {error.message}
          {resetsAt ? ` It resets ${untilText(resetsAt)}, at ${new Date(resetsAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}.` : ''}
        </span>
      </div>
    </div>
  )
}

/**
 * New video: from one product, a collection (2–10 products, one video or one per product), or a
 * topic; length, platform, tone and review default from the brand voice.
 */
export function NewVideoDialog({ open, onOpenChange, settings }: { open: boolean; onOpenChange: (o: boolean) => void; settings: StudioSettings | undefined }) {
  const qc = useQueryClient()
  const navigate = useNavigate()
  const voice = settings?.brandVoice
  const [kind, setKind] = useState<Kind>('product')
  const [products, setProducts] = useState<Picked[]>([])
  const [topic, setTopic] = useState('')
  const [perProduct, setPerProduct] = useState(false)
  const [variants, setVariants] = useState('1')
  const [seconds, setSeconds] = useState(30)
  const [platform, setPlatform] = useState<StudioPlatform>('tiktok')
  const [tone, setTone] = useState<StudioTone>('friendly')
  const [review, setReview] = useState(true)
  const lengthId = useId()

  // The form starts from the shop's brand voice each time it opens.
  useEffect(() => {
    if (!open || !voice) return
    setSeconds(voice.targetSeconds)
    setPlatform(voice.platform)
    setTone(voice.tone)
    setReview(voice.reviewRequired)
  }, [open, voice])

  const reset = () => {
    setKind('product')
    setProducts([])
    setTopic('')
    setPerProduct(false)
    setVariants('1')
    create.reset()
  }
  const close = (next: boolean) => {
    onOpenChange(next)
    if (!next) reset()
  }

  const options = { targetSeconds: seconds, platform, tone, reviewRequired: review }
  const source = (): StudioSource | null => {
    if (kind === 'product') return products[0] ? { kind: 'product', productId: products[0].id } : null
    if (kind === 'collection') return products.length >= 2 ? { kind: 'collection', productIds: products.map((p) => p.id) } : null
    return topic.trim().length >= 3 ? { kind: 'topic', topic: topic.trim(), productIds: products.map((p) => p.id) } : null
  }
  const batchOfProducts = kind === 'collection' && perProduct
  const create = useMutation({
    mutationFn: async (): Promise<{ ids: string[] }> => {
      if (batchOfProducts) {
        const r = await studioApi.createBatch({ items: products.map((p): NewVideo => ({ source: { kind: 'product', productId: p.id }, ...options })) })
        return { ids: r.videos.map((v) => v.id) }
      }
      const s = source()
      if (!s) throw new Error('Choose what the video is about first.')
      const n = Number(variants)
      if (n > 1) return { ids: (await studioApi.createBatch({ source: s, variants: n, ...options })).videos.map((v) => v.id) }
      return { ids: [(await studioApi.create({ source: s, ...options })).video.id] }
    },
    // Over the quota: the usage shown (and the quota itself) may be stale, so read it again.
    onError: (err) => {
      if (err instanceof ApiError && err.status === 429) void qc.invalidateQueries({ queryKey: ['studio', 'settings'] })
    },
    onSuccess: ({ ids }) => {
      qc.invalidateQueries({ queryKey: ['studio'] })
      if (ids.length === 1) {
        toast.success('Video started: the studio is writing the script')
        close(false)
        navigate(`/studio/${ids[0]}`)
      } else {
        toast.success(`${ids.length} videos started`)
        close(false)
      }
    },
  })
  const quota = create.error instanceof ApiError && create.error.status === 429 ? create.error : null
  // A 400 names each problem in `details` ("a batch holds at most 10 videos…"); show those, not "invalid json".
  const problems = Object.values(fieldErrors(create.error))
  const shownError = problems.length ? new Error(problems.join(' · ')) : create.error
  const count = batchOfProducts ? products.length : Number(variants)
  const ready = batchOfProducts ? products.length >= 1 : source() !== null

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent
        title="New video"
        description="The studio writes, voices and cuts a short vertical video. You check the script before it renders."
        className="max-w-2xl"
      >
        <form
          className="flex flex-col gap-5"
          onSubmit={(e) => {
            e.preventDefault()
            create.mutate()
          }}
        >
          <Tabs
            value={kind}
            onValueChange={(v) => {
              setKind(v as Kind)
              setProducts((p) => (v === 'product' ? p.slice(0, 1) : p))
              create.reset()
            }}
          >
            <TabsList aria-label="What the video is about" className="w-full sm:w-auto">
              <TabsTrigger value="product" className="flex-1 px-2 sm:flex-none sm:px-3">
                A product
              </TabsTrigger>
              <TabsTrigger value="collection" className="flex-1 px-2 sm:flex-none sm:px-3">
                A collection
              </TabsTrigger>
              <TabsTrigger value="topic" className="flex-1 px-2 sm:flex-none sm:px-3">
                A topic
              </TabsTrigger>
            </TabsList>
            <TabsContent value="product">
              <ProductPicker mode="one" label="Product" selected={products} onChange={setProducts} />
            </TabsContent>
            <TabsContent value="collection" className="flex flex-col gap-3">
              <ProductPicker mode="many" label={`Products (2–${STUDIO_LIMITS.batchMax})`} selected={products} onChange={setProducts} />
              <Label className="flex cursor-pointer items-center gap-2 font-normal">
                <Checkbox checked={perProduct} onCheckedChange={(c) => setPerProduct(c === true)} />
                One video per product instead of one collection video (at most {STUDIO_LIMITS.batchMax})
              </Label>
            </TabsContent>
            <TabsContent value="topic" className="flex flex-col gap-3">
              <TextArea
                label="Topic"
                placeholder="e.g. How to style white sneakers for the office"
                value={topic}
                maxLength={300}
                onChange={(e) => setTopic(e.target.value)}
                hint="The script may only state prices and offers your catalog has."
              />
              <ProductPicker mode="many" label="Products to feature (optional)" selected={products} onChange={setProducts} />
            </TabsContent>
          </Tabs>

          <div className="grid gap-4 sm:grid-cols-2">
            <div className="flex flex-col gap-1.5">
              <Label htmlFor={lengthId}>
                Length: <output htmlFor={lengthId}>{seconds} s</output>
              </Label>
              <input
                id={lengthId}
                type="range"
                min={STUDIO_LIMITS.minSeconds}
                max={STUDIO_LIMITS.maxSeconds}
                step={5}
                value={seconds}
                onChange={(e) => setSeconds(Number(e.target.value))}
                className="h-9 w-full cursor-pointer accent-primary"
                aria-valuetext={`${seconds} seconds`}
              />
            </div>
            <Select
              label="Platform"
              value={platform}
              onValueChange={setPlatform}
              options={STUDIO_PLATFORMS.map((p) => ({ value: p, label: PLATFORM_LABEL[p] }))}
            />
            <Select label="Tone" value={tone} onValueChange={setTone} options={STUDIO_TONES.map((t) => ({ value: t, label: TONE_LABEL[t] }))} />
            {batchOfProducts ? null : (
              <Select
                label="Variants"
                value={variants}
                onValueChange={setVariants}
                options={[
                  { value: '1', label: 'One video' },
                  { value: '2', label: '2 variants' },
                  { value: '3', label: '3 variants' },
                ]}
                hint="Variants use different hooks and calls to action."
              />
            )}
            <Label className="flex cursor-pointer items-center gap-3 font-normal sm:col-span-2">
              <Switch checked={review} onCheckedChange={setReview} aria-label="Review the script before it renders" />
              Review the script before it renders
            </Label>
          </div>

          {quota ? <QuotaNote error={quota} settings={settings} /> : shownError ? <ErrorNote error={shownError} /> : null}
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button variant="secondary" onClick={() => close(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={!ready} busy={create.isPending}>
              <Sparkles aria-hidden="true" />
              {count > 1 ? `Make ${count} videos` : 'Make video'}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  )
}
