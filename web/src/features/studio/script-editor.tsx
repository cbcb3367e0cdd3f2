import { useMutation, useQueryClient } from '@tanstack/react-query'
import { CheckCircle2, Save, ShieldAlert, ShieldCheck, ThumbsDown, TriangleAlert } from 'lucide-react'
import { useState } from 'react'
import { type SafetyHit, type SafetyVerdict, SCENE_KINDS, type ScriptIssue, type StudioScript } from '../../../../contracts/studio'
import { sceneSeconds } from '../../../../contracts/studio-spoken'
import { Badge, Button, Card, CardContent, CardHeader, CardTitle, ConfirmDialog, cn, Field, Select, TextArea, toast } from '../../components/ui/ui'
import { type StudioVideo, studioApi } from './api'
import { hitsOf, segmentsOf } from './highlight'
import { TagInput } from './parts'

const KIND_LABEL = { hook: 'Hook', value: 'Value', point: 'Point', cta: 'Call to action' } as const

/** The saved text of a field with the safety hits marked, and each hit's reason under it. */
function FlaggedText({ text, hits }: { text: string; hits: SafetyHit[] }) {
  if (!hits.length) return null
  const blocks = hits.some((h) => h.decision === 'block')
  return (
    <div
      className={cn(
        'flex flex-col gap-1.5 rounded-md border p-2.5 text-sm',
        blocks ? 'border-destructive/30 bg-danger-soft' : 'border-warning/40 bg-warning-soft',
      )}
      data-testid="safety-flag"
    >
      <p className="leading-relaxed">
        {segmentsOf(text, hits).map((s) =>
          s.hits.length ? (
            <mark
              key={s.start}
              className="rounded-sm bg-destructive/20 px-0.5 text-foreground underline decoration-destructive decoration-wavy"
              title={s.hits.map((h) => h.message).join('; ')}
            >
              {s.text}
            </mark>
          ) : (
            <span key={s.start}>{s.text}</span>
          ),
        )}
      </p>
      <ul className="flex flex-col gap-0.5 text-xs">
        {hits.map((h) => (
          <li key={`${h.rule}-${h.start}`} className="flex flex-wrap items-center gap-1.5">
            <Badge tone={h.decision === 'block' ? 'danger' : 'outline'}>{h.decision === 'block' ? 'Blocked' : 'Check'}</Badge>
            <span>
              “{h.text}”: {h.message}
            </span>
          </li>
        ))}
      </ul>
    </div>
  )
}

function VerdictCard({ verdict }: { verdict: SafetyVerdict | null }) {
  if (!verdict) return null
  const blocked = verdict.decision === 'block'
  const Icon = verdict.decision === 'allow' ? ShieldCheck : ShieldAlert
  return (
    <div
      role={blocked ? 'alert' : 'status'}
      data-testid="safety-verdict"
      data-decision={verdict.decision}
      className={cn(
        'flex items-start gap-3 rounded-lg border p-3 text-sm',
        blocked ? 'border-destructive/30 bg-danger-soft' : verdict.decision === 'review' ? 'border-warning/40 bg-warning-soft' : 'bg-success-soft',
      )}
    >
      <Icon
        className={cn('mt-0.5 size-4 shrink-0', blocked ? 'text-destructive' : verdict.decision === 'review' ? 'text-warning' : 'text-success')}
        aria-hidden="true"
      />
      <div className="flex flex-col gap-1">
        <strong className="font-medium">
          {blocked
            ? `The safety check blocked ${verdict.hits.filter((h) => h.decision === 'block').length === 1 ? 'one phrase' : 'some phrases'}: edit the marked words and save.`
            : verdict.decision === 'review'
              ? 'The safety check wants you to look at the marked words.'
              : 'The safety check found nothing.'}
        </strong>
        <span className="text-xs text-muted-foreground">
          Checked by {verdict.providers.join(', ')} · {new Date(verdict.checkedAt).toLocaleTimeString()}
        </span>
      </div>
    </div>
  )
}

function IssueList({ issues, sceneId }: { issues: ScriptIssue[]; sceneId: string | null }) {
  const mine = issues.filter((i) => i.sceneId === sceneId)
  if (!mine.length) return null
  return (
    <ul className="flex flex-col gap-1 text-sm" data-testid="script-issues">
      {mine.map((i) => (
        <li key={`${i.code}-${i.message}`} className="flex items-start gap-2 text-warning">
          <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
          <span className="text-foreground">{i.message}</span>
        </li>
      ))}
    </ul>
  )
}

/**
 * The script editor of a video waiting for review (or blocked by the safety check): every scene's
 * kind, spoken line, on-screen text and length; the total against the target; the validator's
 * issues and the safety verdict with the offending words marked. Save re-checks without going
 * on; Approve sends the (edited) script on to voice and render; Reject ends the video.
 */
export function ScriptEditor({ video }: { video: StudioVideo }) {
  const qc = useQueryClient()
  const [draft, setDraft] = useState<StudioScript>(() => structuredClone(video.script as StudioScript))
  const [checked, setChecked] = useState<{ script: StudioScript; issues: ScriptIssue[]; safety: SafetyVerdict | null }>({
    script: video.script as StudioScript,
    issues: video.scriptIssues,
    safety: video.safety,
  })
  const dirty = JSON.stringify(draft) !== JSON.stringify(checked.script)
  const refresh = () => qc.invalidateQueries({ queryKey: ['studio', 'video', video.id] })

  const save = useMutation({
    mutationFn: () => studioApi.saveScript(video.id, draft),
    onSuccess: (r) => {
      setChecked({ script: draft, issues: r.issues, safety: r.safety })
      toast.success(r.safety.decision === 'block' ? 'Saved; the safety check still blocks it' : 'Script saved and checked')
    },
    onError: toast.error,
  })
  const approve = useMutation({
    mutationFn: () => studioApi.approve(video.id, dirty || video.status === 'blocked' ? draft : undefined),
    onSuccess: () => {
      toast.success('Approved: voicing and cutting the video')
      void refresh()
    },
    onError: toast.error,
  })
  const reject = useMutation({
    mutationFn: () => studioApi.reject(video.id),
    onSuccess: () => {
      toast.success('Video rejected')
      void refresh()
    },
    onError: toast.error,
  })

  const setScene = (i: number, patch: Partial<StudioScript['scenes'][number]>) =>
    setDraft((d) => ({ ...d, scenes: d.scenes.map((s, j) => (j === i ? { ...s, ...patch } : s)) }))
  const total = Math.round(draft.scenes.reduce((n, s) => n + s.estSeconds, 0) * 10) / 10
  const low = draft.targetSeconds * 0.9
  const high = draft.targetSeconds * 1.1
  const inRange = total >= low && total <= high
  const hits = checked.safety?.hits ?? []
  const blocked = checked.safety?.decision === 'block'

  return (
    <section aria-labelledby="script-heading" className="flex flex-col gap-4" data-testid="script-editor">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div className="flex flex-col gap-0.5">
          <h2 id="script-heading" className="text-base font-semibold">
            Script
          </h2>
          <p className="text-sm text-muted-foreground">
            {video.status === 'blocked'
              ? 'Blocked by the safety check. Edit the marked words, save, then submit it again.'
              : 'Check the words before it is voiced and cut.'}{' '}
            Written by {draft.writer}.
          </p>
        </div>
        <p className={cn('text-sm tabular-nums', inRange ? 'text-success' : 'text-warning')} data-testid="script-length">
          {total} s spoken of {draft.targetSeconds} s target ({+low.toFixed(1)}–{+high.toFixed(1)} s)
        </p>
      </div>
      <VerdictCard verdict={checked.safety} />
      <IssueList issues={checked.issues} sceneId={null} />

      <ol className="flex flex-col gap-3">
        {draft.scenes.map((s, i) => {
          const sayField = `scene:${s.id}:say`
          const screenField = `scene:${s.id}:onScreen`
          const savedScene = checked.script.scenes.find((x) => x.id === s.id)
          return (
            <li key={s.id}>
              <Card data-testid="script-scene" data-scene-id={s.id}>
                <CardHeader className="pb-2">
                  <CardTitle className="flex items-center gap-2 text-sm">
                    <span className="tabular-nums text-muted-foreground">{i + 1}.</span>
                    {KIND_LABEL[s.kind]}
                    <span className="ml-auto text-xs font-normal tabular-nums text-muted-foreground">≈ {s.estSeconds} s</span>
                  </CardTitle>
                </CardHeader>
                <CardContent className="grid gap-3 sm:grid-cols-[10rem_1fr]">
                  <div className="flex flex-col gap-3">
                    <Select
                      label="Kind"
                      value={s.kind}
                      onValueChange={(kind) => setScene(i, { kind })}
                      options={SCENE_KINDS.map((k) => ({ value: k, label: KIND_LABEL[k] }))}
                    />
                    <Field
                      label="Seconds"
                      type="number"
                      min={0.5}
                      max={60}
                      step={0.1}
                      value={s.estSeconds}
                      onChange={(e) => setScene(i, { estSeconds: Math.max(0.5, Number(e.target.value) || 0.5) })}
                    />
                  </div>
                  <div className="flex min-w-0 flex-col gap-3">
                    <TextArea
                      label="Voice says"
                      value={s.say}
                      maxLength={400}
                      rows={2}
                      onChange={(e) => setScene(i, { say: e.target.value, estSeconds: sceneSeconds(e.target.value, draft.language) })}
                    />
                    {savedScene ? <FlaggedText text={savedScene.say} hits={hitsOf(hits, sayField)} /> : null}
                    <Field
                      label="On-screen text"
                      value={s.onScreen}
                      maxLength={60}
                      hint={`${s.onScreen.length}/60`}
                      onChange={(e) => setScene(i, { onScreen: e.target.value })}
                    />
                    {savedScene ? <FlaggedText text={savedScene.onScreen} hits={hitsOf(hits, screenField)} /> : null}
                    <IssueList issues={checked.issues} sceneId={s.id} />
                  </div>
                </CardContent>
              </Card>
            </li>
          )
        })}
      </ol>

      <Card>
        <CardContent className="flex flex-col gap-3 pt-6">
          <TextArea
            label="Post caption"
            value={draft.caption}
            maxLength={2200}
            rows={3}
            onChange={(e) => setDraft((d) => ({ ...d, caption: e.target.value }))}
          />
          <FlaggedText text={checked.script.caption} hits={hitsOf(hits, 'caption')} />
          <TagInput
            label="Hashtags"
            max={10}
            values={draft.hashtags}
            onChange={(tags) => setDraft((d) => ({ ...d, hashtags: tags.map((t) => (t.startsWith('#') ? t : `#${t}`).replace(/\s+/g, '')) }))}
            placeholder="#sneakers"
          />
          <FlaggedText text={checked.script.hashtags.join(' ')} hits={hitsOf(hits, 'hashtags')} />
        </CardContent>
      </Card>

      <div className="flex flex-wrap items-center gap-2 rounded-lg border bg-card p-3">
        <Button variant="secondary" onClick={() => save.mutate()} busy={save.isPending} disabled={!dirty}>
          <Save aria-hidden="true" />
          Save and check
        </Button>
        <Button onClick={() => approve.mutate()} busy={approve.isPending} disabled={blocked && !dirty}>
          <CheckCircle2 aria-hidden="true" />
          {video.status === 'blocked' ? 'Submit edited script' : dirty ? 'Approve with edits' : 'Approve'}
        </Button>
        <ConfirmDialog
          title="Reject this script?"
          description="The video stops here and nothing is rendered. You can make a new one at any time."
          confirmLabel="Reject video"
          onConfirm={() => reject.mutateAsync()}
        >
          <Button variant="ghost">
            <ThumbsDown aria-hidden="true" />
            Reject
          </Button>
        </ConfirmDialog>
        {dirty ? <span className="text-xs text-muted-foreground">Unsaved changes</span> : null}
      </div>
    </section>
  )
}
