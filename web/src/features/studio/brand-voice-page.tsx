import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { ArrowLeft, KeyRound, Mic, Save, Trash2 } from 'lucide-react'
import { useEffect, useId, useState } from 'react'
import { Link } from 'react-router'
import { type BrandVoice, STUDIO_LIMITS, STUDIO_PLATFORMS, STUDIO_TONES } from '../../../../contracts/studio'
import {
  Badge,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardFooter,
  CardHeader,
  CardTitle,
  ConfirmDialog,
  ErrorNote,
  Field,
  Label,
  PageHeader,
  Saved,
  Select,
  Skeleton,
  Switch,
  toast,
} from '../../components/ui/ui'
import { fieldErrors } from '../../lib/api-client'
import { hasRole, useMe } from '../../lib/use-me'
import { PLATFORM_LABEL, studioApi, TONE_LABEL } from './api'
import { TagInput } from './parts'

const KEY = ['studio', 'settings']

function VoiceForm({ voice, owner }: { voice: BrandVoice; owner: boolean }) {
  const qc = useQueryClient()
  const [draft, setDraft] = useState<BrandVoice>(voice)
  useEffect(() => setDraft(voice), [voice])
  const set = <K extends keyof BrandVoice>(k: K, v: BrandVoice[K]) => setDraft((d) => ({ ...d, [k]: v }))
  const save = useMutation({
    mutationFn: () => studioApi.saveSettings(draft),
    onSuccess: (s) => {
      qc.setQueryData(KEY, s)
      toast.success('Brand voice saved')
    },
    onError: toast.error,
  })
  const errors = fieldErrors(save.error)
  const dirty = JSON.stringify(draft) !== JSON.stringify(voice)
  const lengthId = useId()
  return (
    <Card>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          save.mutate()
        }}
      >
        <CardHeader>
          <CardTitle className="flex items-center gap-2 [&_svg]:size-4 [&_svg]:text-muted-foreground">
            <Mic aria-hidden="true" />
            Brand voice
          </CardTitle>
          <CardDescription>How every script sounds, and what the studio does by default. Each new video can change length, platform and tone.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-2">
          <Select
            label="Tone"
            value={draft.tone}
            onValueChange={(v) => set('tone', v)}
            options={STUDIO_TONES.map((t) => ({ value: t, label: TONE_LABEL[t] }))}
            disabled={!owner}
          />
          <Select
            label="Platform"
            value={draft.platform}
            onValueChange={(v) => set('platform', v)}
            options={STUDIO_PLATFORMS.map((p) => ({ value: p, label: PLATFORM_LABEL[p] }))}
            disabled={!owner}
          />
          <div className="sm:col-span-2">
            <TagInput
              label="Words to use"
              values={draft.wordsToUse}
              onChange={(v) => set('wordsToUse', v)}
              max={20}
              placeholder="Your tagline, a phrase you always say…"
              hint="Press Enter after each. The writer works them in where they fit."
              disabled={!owner}
            />
          </div>
          <div className="sm:col-span-2">
            <TagInput
              label="Words to avoid"
              values={draft.wordsToAvoid}
              onChange={(v) => set('wordsToAvoid', v)}
              max={50}
              placeholder="cheap, knock-off…"
              hint="A script with one of these is flagged before it renders."
              disabled={!owner}
            />
          </div>
          <div className="sm:col-span-2">
            <TagInput
              label="Allowed product words"
              values={draft.safetyAllowlist}
              onChange={(v) => set('safetyAllowlist', v)}
              max={100}
              placeholder="e.g. a product name the word filter mistakes"
              hint="Words the safety check should not flag in your scripts."
              disabled={!owner}
            />
          </div>
          <Field
            label="Language"
            value={draft.language}
            error={errors.language}
            hint="e.g. en, sw, pt-BR"
            onChange={(e) => set('language', e.target.value)}
            disabled={!owner}
          />
          <Field
            label="Voice"
            value={draft.voice}
            error={errors.voice}
            hint="Offline: f3, m1…; with OpenAI: alloy, nova…"
            onChange={(e) => set('voice', e.target.value)}
            disabled={!owner}
          />
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={lengthId}>
              Target length: <output htmlFor={lengthId}>{draft.targetSeconds} s</output>
            </Label>
            <input
              id={lengthId}
              type="range"
              min={STUDIO_LIMITS.minSeconds}
              max={STUDIO_LIMITS.maxSeconds}
              step={5}
              value={draft.targetSeconds}
              disabled={!owner}
              onChange={(e) => set('targetSeconds', Number(e.target.value))}
              className="h-9 w-full cursor-pointer accent-primary"
              aria-valuetext={`${draft.targetSeconds} seconds`}
            />
          </div>
          <Label className="flex cursor-pointer items-center gap-3 self-end pb-2 font-normal">
            <Switch
              checked={draft.reviewRequired}
              onCheckedChange={(on) => set('reviewRequired', on)}
              disabled={!owner}
              aria-label="Review every script before it renders"
            />
            Review every script before it renders
          </Label>
          <Label className="flex cursor-pointer items-center gap-3 self-end pb-2 font-normal">
            <Switch
              checked={draft.generateImages}
              onCheckedChange={(on) => set('generateImages', on)}
              disabled={!owner}
              aria-label="Generate images for scenes without a photo"
            />
            <span>
              Generate images for scenes without a photo
              <span className="block text-xs text-muted-foreground">With an OpenAI key only; about $0.016 an image, at most 4 a video.</span>
            </span>
          </Label>
          <Field
            label="Keep unpublished drafts (days)"
            type="number"
            min={1}
            max={365}
            value={draft.retentionDays}
            error={errors.retentionDays}
            onChange={(e) => set('retentionDays', Number(e.target.value))}
            disabled={!owner}
          />
          <Field
            label="Videos per day"
            type="number"
            min={1}
            max={500}
            value={draft.dailyQuota}
            error={errors.dailyQuota}
            hint="The most videos your shop may start per day (UTC)."
            onChange={(e) => set('dailyQuota', Number(e.target.value))}
            disabled={!owner}
          />
          {save.error && !Object.keys(errors).length ? <ErrorNote error={save.error} className="sm:col-span-2" /> : null}
        </CardContent>
        {owner ? (
          <CardFooter className="flex flex-wrap items-center gap-3">
            <Button type="submit" disabled={!dirty} busy={save.isPending}>
              <Save aria-hidden="true" />
              Save brand voice
            </Button>
            {save.isSuccess && !dirty ? <Saved /> : null}
          </CardFooter>
        ) : (
          <CardFooter>
            <p className="text-sm text-muted-foreground">Only the shop’s owner can change these.</p>
          </CardFooter>
        )}
      </form>
    </Card>
  )
}

/** The shop's own OpenAI key: set, replace or remove; never shown back. */
function OpenAiKeyCard({ hasKey }: { hasKey: boolean }) {
  const qc = useQueryClient()
  const [key, setKey] = useState('')
  const put = useMutation({
    mutationFn: (apiKey: string | null) => studioApi.setOpenAiKey(apiKey),
    onSuccess: (_r, apiKey) => {
      setKey('')
      toast.success(apiKey ? 'OpenAI key saved' : 'OpenAI key removed')
      void qc.invalidateQueries({ queryKey: KEY })
    },
    onError: toast.error,
  })
  return (
    <Card>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (key.trim()) put.mutate(key.trim())
        }}
      >
        <CardHeader>
          <CardTitle className="flex items-center gap-2 [&_svg]:size-4 [&_svg]:text-muted-foreground">
            <KeyRound aria-hidden="true" />
            Your OpenAI key
            <Badge tone={hasKey ? 'success' : 'neutral'} data-testid="openai-key-state">
              {hasKey ? 'Set' : 'Not set'}
            </Badge>
          </CardTitle>
          <CardDescription>
            With a key the studio writes with GPT, speaks with OpenAI voices, double-checks with OpenAI moderation and, when turned on above, generates images,
            billed to you. Without one it uses its offline writer and voice, free. The key is stored encrypted and never shown again.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <Field
            label={hasKey ? 'Replace the key' : 'API key'}
            type="password"
            autoComplete="off"
            placeholder="sk-…"
            value={key}
            onChange={(e) => setKey(e.target.value)}
            error={put.error ? (put.error as Error).message : null}
          />
        </CardContent>
        <CardFooter className="flex flex-wrap gap-2">
          <Button type="submit" disabled={!key.trim()} busy={put.isPending && put.variables !== null}>
            {hasKey ? 'Replace key' : 'Save key'}
          </Button>
          {hasKey ? (
            <ConfirmDialog
              title="Remove your OpenAI key?"
              description="New videos use the hub’s key if it has one, else the offline writer and voice."
              confirmLabel="Remove key"
              onConfirm={() => put.mutateAsync(null)}
            >
              <Button variant="ghost">
                <Trash2 aria-hidden="true" />
                Remove key
              </Button>
            </ConfirmDialog>
          ) : null}
        </CardFooter>
      </form>
    </Card>
  )
}

/** /settings/studio – the shop's brand voice, studio defaults and its own OpenAI key. */
export function BrandVoicePage() {
  const { data: me } = useMe()
  const owner = hasRole(me, 'owner')
  const settings = useQuery({ queryKey: KEY, queryFn: studioApi.settings })
  return (
    <div className="mx-auto flex w-full max-w-4xl flex-col gap-6">
      <Button asChild variant="ghost" size="sm" className="-ml-2 w-fit">
        <Link to="/studio">
          <ArrowLeft aria-hidden="true" />
          Back to the studio
        </Link>
      </Button>
      <PageHeader title="Studio settings" description="Brand voice, defaults, limits and your own OpenAI key." className="mb-0" />
      {settings.error ? <ErrorNote error={settings.error} action={<Button onClick={() => settings.refetch()}>Try again</Button>} /> : null}
      {!settings.data && !settings.error ? (
        <Card className="grid gap-4 p-6 sm:grid-cols-2" role="status" aria-busy="true">
          <span className="sr-only">Loading the studio settings…</span>
          <Skeleton className="h-14" />
          <Skeleton className="h-14" />
          <Skeleton className="h-14 sm:col-span-2" />
        </Card>
      ) : null}
      {settings.data ? (
        <>
          <VoiceForm voice={settings.data.brandVoice} owner={owner} />
          {owner ? <OpenAiKeyCard hasKey={settings.data.hasOpenAiKey} /> : null}
        </>
      ) : null}
    </div>
  )
}
