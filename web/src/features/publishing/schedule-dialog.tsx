import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { CalendarClock } from 'lucide-react'
import { useEffect, useId, useState } from 'react'
import { type PublishPlatform, type TargetInput, utcToZonedTime } from '../../../../contracts/publishing'
import { Button, Checkbox, Dialog, DialogContent, DialogTrigger, ErrorNote, Field, Label, NativeSelect, Switch, TextArea, toast } from '../../components/ui/ui'
import { call, client } from '../../lib/api-client'
import { type Channel, PLATFORM_NAME, PRIVACY_LABEL, publishingApi } from './api'

type TikTokDraft = {
  mode: 'direct' | 'inbox'
  privacyLevel: string
  disableComment: boolean
  disableDuet: boolean
  disableStitch: boolean
  commercial: boolean
  brandOrganic: boolean
  brandContent: boolean
  isAigc: boolean
  musicConsent: boolean
}

function Toggle({
  label,
  checked,
  onChange,
  disabled,
  hint,
}: {
  label: string
  checked: boolean
  onChange: (v: boolean) => void
  disabled?: boolean
  hint?: string
}) {
  const id = useId()
  return (
    <div className="flex items-start gap-2">
      <Switch id={id} checked={checked} onCheckedChange={onChange} disabled={disabled} />
      <div>
        <Label htmlFor={id}>{label}</Label>
        {hint ? <p className="text-xs text-muted-foreground">{hint}</p> : null}
      </div>
    </div>
  )
}

/**
 * The TikTok export form, as TikTok's content-sharing rules ask: the creator's nickname, a
 * privacy choice with no default from the options creator_info returned, comment/duet/stitch
 * switches (off and locked where the creator disabled them), the commercial-content disclosure,
 * the AI-generated label, the longest video allowed, and the Music Usage Confirmation.
 */
function TikTokForm({ value, onChange }: { value: TikTokDraft; onChange: (v: TikTokDraft) => void }) {
  const info = useQuery({ queryKey: ['publishing', 'creator-info'], queryFn: publishingApi.creatorInfo })
  const set = <K extends keyof TikTokDraft>(k: K, v: TikTokDraft[K]) => onChange({ ...value, [k]: v })
  const privacyId = useId()
  if (info.error) return <ErrorNote error={info.error} />
  if (!info.data) return <p className="text-sm text-muted-foreground">Reading your TikTok account’s options…</p>
  const c = info.data
  return (
    <div className="grid gap-3 rounded-md border p-3">
      <p className="text-sm">
        Posting as <b>{c.nickname}</b> (@{c.username}) · videos up to {c.maxVideoPostDurationSec} s
      </p>
      <div className="flex gap-2">
        <Button type="button" variant={value.mode === 'inbox' ? 'primary' : 'secondary'} onClick={() => set('mode', 'inbox')}>
          Send to my TikTok inbox
        </Button>
        <Button type="button" variant={value.mode === 'direct' ? 'primary' : 'secondary'} onClick={() => set('mode', 'direct')}>
          Post directly
        </Button>
      </div>
      {value.mode === 'direct' ? (
        <>
          <div className="grid gap-1">
            <Label htmlFor={privacyId}>Who can view this video</Label>
            <NativeSelect id={privacyId} value={value.privacyLevel} onChange={(e) => set('privacyLevel', e.target.value)} required>
              <option value="" disabled>
                Choose…
              </option>
              {c.privacyLevelOptions.map((p) => (
                <option key={p} value={p} disabled={value.brandContent && p === 'SELF_ONLY'}>
                  {PRIVACY_LABEL[p] ?? p}
                </option>
              ))}
            </NativeSelect>
          </div>
          <Toggle
            label="Allow comments"
            checked={!value.disableComment && !c.commentDisabled}
            onChange={(v) => set('disableComment', !v)}
            disabled={c.commentDisabled}
            hint={c.commentDisabled ? 'Turned off in your TikTok settings' : undefined}
          />
          <Toggle
            label="Allow Duet"
            checked={!value.disableDuet && !c.duetDisabled}
            onChange={(v) => set('disableDuet', !v)}
            disabled={c.duetDisabled}
            hint={c.duetDisabled ? 'Turned off in your TikTok settings' : undefined}
          />
          <Toggle
            label="Allow Stitch"
            checked={!value.disableStitch && !c.stitchDisabled}
            onChange={(v) => set('disableStitch', !v)}
            disabled={c.stitchDisabled}
            hint={c.stitchDisabled ? 'Turned off in your TikTok settings' : undefined}
          />
          <Toggle
            label="Disclose video content"
            checked={value.commercial}
            onChange={(v) => onChange({ ...value, commercial: v, brandOrganic: v && value.brandOrganic, brandContent: v && value.brandContent })}
            hint="This video promotes goods or services in exchange for something of value"
          />
          {value.commercial ? (
            <div className="grid gap-2 pl-8">
              <Toggle
                label="Your brand"
                checked={value.brandOrganic}
                onChange={(v) => set('brandOrganic', v)}
                hint="You are promoting yourself or your own business: labelled “Promotional content”"
              />
              <Toggle
                label="Branded content"
                checked={value.brandContent}
                onChange={(v) => set('brandContent', v)}
                hint="You are promoting another brand: labelled “Paid partnership”; cannot be private"
              />
            </div>
          ) : null}
          <Toggle label="AI-generated content" checked={value.isAigc} onChange={(v) => set('isAigc', v)} hint="Adds TikTok’s AI-generated label" />
          <label className="flex items-start gap-2 text-sm">
            <Checkbox checked={value.musicConsent} onCheckedChange={(v) => set('musicConsent', v === true)} />
            <span>By posting, I agree to TikTok’s Music Usage Confirmation{value.brandContent ? ' and Branded Content Policy' : ''}.</span>
          </label>
        </>
      ) : (
        <p className="text-xs text-muted-foreground">The video lands in your TikTok inbox as a draft; you choose the settings in the app.</p>
      )}
    </div>
  )
}

const UPLOADS_KEY = ['publishing', 'uploads']
/** The API's cap (workers/src/publishing/uploads.ts), checked here first so a big file is not sent for nothing. */
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024

/** The shop's wall clock `minutes` from now (`YYYY-MM-DDTHH:mm`): times are the shop's, not the browser's. */
export const shopNow = (timeZone: string, minutes = 0) => utcToZonedTime(new Date(Date.now() + minutes * 60_000), timeZone).slice(0, 16)

/** Schedule a studio video (sent to publishing) to one or more connected platforms. */
export function ScheduleDialog({
  channels,
  timeZone,
  open: openProp,
  onOpenChange,
  presetWhen,
}: {
  channels: Channel[]
  timeZone: string
  /** Controlled from outside (the calendar opens it for a day); without it, the button opens it. */
  open?: boolean
  onOpenChange?: (open: boolean) => void
  /** The time the form starts with (a day picked on the calendar). */
  presetWhen?: string
}) {
  const qc = useQueryClient()
  const [openState, setOpenState] = useState(false)
  const open = openProp ?? openState
  const setOpen = (o: boolean) => (onOpenChange ? onOpenChange(o) : setOpenState(o))
  const videos = useQuery({
    queryKey: ['studio', 'videos', 'publishable'],
    queryFn: () => call(client.api.studio.videos.$get({ query: { status: 'ready' } })),
    enabled: open,
  })
  const publishable = (videos.data?.items ?? []).filter((v) => v.sentToPublishingAt)
  const active = channels.filter((c) => c.status === 'active')
  const [videoId, setVideoId] = useState('')
  const uploads = useQuery({ queryKey: UPLOADS_KEY, queryFn: publishingApi.uploads, enabled: open })
  const [progress, setProgress] = useState<number | null>(null)
  const [uploadError, setUploadError] = useState<string | null>(null)
  const uploadId = useId()
  const upload = async (file: File) => {
    setUploadError(null)
    if (file.size > MAX_UPLOAD_BYTES) return setUploadError(`videos can be at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; trim or compress it`)
    setProgress(0)
    try {
      const up = await publishingApi.uploadVideo(file, setProgress)
      await qc.invalidateQueries({ queryKey: UPLOADS_KEY })
      setVideoId(`asset:${up.id}`)
    } catch (err) {
      setUploadError(err instanceof Error ? err.message : String(err))
    } finally {
      setProgress(null)
    }
  }
  const [when, setWhen] = useState(() => presetWhen ?? shopNow(timeZone, 10))
  useEffect(() => {
    if (open && presetWhen) setWhen(presetWhen)
  }, [open, presetWhen])
  const [picked, setPicked] = useState<PublishPlatform[]>([])
  const [caption, setCaption] = useState('')
  const [title, setTitle] = useState('')
  const [tt, setTt] = useState<TikTokDraft>({
    mode: 'inbox',
    privacyLevel: '',
    disableComment: false,
    disableDuet: false,
    disableStitch: false,
    commercial: false,
    brandOrganic: false,
    brandContent: false,
    isAigc: true,
    musicConsent: false,
  })
  const create = useMutation({
    mutationFn: () => {
      const targets: TargetInput[] = picked.map((p): TargetInput => {
        if (p === 'tiktok')
          return {
            platform: 'tiktok',
            caption,
            hashtags: [],
            tiktok: {
              mode: tt.mode,
              privacyLevel: tt.mode === 'direct' ? (tt.privacyLevel as never) : undefined,
              disableComment: tt.disableComment,
              disableDuet: tt.disableDuet,
              disableStitch: tt.disableStitch,
              brandOrganic: tt.commercial && tt.brandOrganic,
              brandContent: tt.commercial && tt.brandContent,
              isAigc: tt.isAigc,
              musicConsent: tt.musicConsent,
            },
          }
        if (p === 'youtube')
          return {
            platform: 'youtube',
            caption,
            hashtags: ['Shorts'],
            youtube: {
              title: title || caption.slice(0, 90) || 'New video',
              privacyStatus: 'public',
              madeForKids: false,
              containsSyntheticMedia: tt.isAigc,
              categoryId: '22',
            },
          }
        return { platform: 'instagram', caption, hashtags: [], instagram: { shareToFeed: true } }
      })
      const source = videoId.startsWith('asset:') ? { kind: 'asset' as const, assetId: videoId.slice(6) } : { kind: 'studio' as const, videoId }
      return publishingApi.create({ source, publishAt: when, draft: false, targets })
    },
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ['publishing', 'posts'] })
      toast.success('Scheduled')
      setOpen(false)
    },
    onError: toast.error,
  })
  const directNeedsMore = picked.includes('tiktok') && tt.mode === 'direct' && (!tt.privacyLevel || !tt.musicConsent)
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      {openProp === undefined ? (
        <DialogTrigger asChild>
          <Button disabled={!active.length}>
            <CalendarClock aria-hidden="true" /> Schedule a post
          </Button>
        </DialogTrigger>
      ) : null}
      <DialogContent title="Schedule a post">
        <form
          className="grid gap-3"
          onSubmit={(e) => {
            e.preventDefault()
            create.mutate()
          }}
        >
          <div className="grid gap-1">
            <Label htmlFor="pub-video">Video</Label>
            <NativeSelect id="pub-video" value={videoId} onChange={(e) => setVideoId(e.target.value)} required>
              <option value="" disabled>
                {publishable.length || uploads.data?.items.length ? 'Choose a video…' : 'No video yet: make one in the studio or upload one'}
              </option>
              {publishable.length ? (
                <optgroup label="From the studio">
                  {publishable.map((v) => (
                    <option key={v.id} value={v.id}>
                      {v.title ?? v.id.slice(0, 8)}
                    </option>
                  ))}
                </optgroup>
              ) : null}
              {uploads.data?.items.length ? (
                <optgroup label="Your uploads">
                  {uploads.data.items.map((u) => (
                    <option key={u.id} value={`asset:${u.id}`}>
                      {u.filename ?? 'Uploaded video'} · {Math.round(u.durationMs / 1000)} s
                    </option>
                  ))}
                </optgroup>
              ) : null}
            </NativeSelect>
            <label htmlFor={uploadId} className="text-sm text-muted-foreground">
              Or upload a video (MP4 or MOV, up to {MAX_UPLOAD_BYTES / 1024 / 1024} MB)
            </label>
            <input
              id={uploadId}
              type="file"
              accept="video/mp4,video/quicktime,.mp4,.mov"
              disabled={progress !== null}
              aria-describedby={uploadError ? `${uploadId}-error` : undefined}
              aria-invalid={uploadError ? true : undefined}
              className="text-sm file:mr-3 file:rounded-md file:border file:border-input file:bg-card file:px-3 file:py-1.5 file:text-sm"
              onChange={(e) => {
                const file = e.target.files?.[0]
                if (file) void upload(file)
                e.target.value = ''
              }}
            />
            {progress !== null ? (
              <progress className="w-full" max={100} value={progress} aria-label="Uploading the video">
                {progress}%
              </progress>
            ) : null}
            {uploadError ? (
              <p id={`${uploadId}-error`} role="alert" className="text-sm text-destructive">
                {uploadError}
              </p>
            ) : null}
          </div>
          <Field label={`When (${timeZone})`} type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} required />
          <fieldset className="grid gap-1">
            <legend className="text-sm font-medium">Post to</legend>
            {active.map((c) => (
              <label key={c.id} className="flex items-center gap-2 text-sm">
                <Checkbox
                  checked={picked.includes(c.platform)}
                  onCheckedChange={(v) => setPicked((p) => (v === true ? [...p, c.platform] : p.filter((x) => x !== c.platform)))}
                />
                {PLATFORM_NAME[c.platform]} · {c.displayName}
              </label>
            ))}
          </fieldset>
          <TextArea label="Caption" value={caption} onChange={(e) => setCaption(e.target.value)} rows={3} />
          {picked.includes('youtube') ? <Field label="YouTube title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={100} /> : null}
          {picked.includes('tiktok') ? <TikTokForm value={tt} onChange={setTt} /> : null}
          <Button type="submit" disabled={create.isPending || !videoId || !picked.length || directNeedsMore}>
            Schedule
          </Button>
        </form>
      </DialogContent>
    </Dialog>
  )
}
