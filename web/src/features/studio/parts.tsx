import { useQuery } from '@tanstack/react-query'
import type { InferResponseType } from 'hono/client'
import { Check, Circle, Loader2, X } from 'lucide-react'
import { type KeyboardEvent, useId, useState } from 'react'
import type { StudioPhase, StudioStatus } from '../../../../contracts/studio'
import { Badge, Checkbox, cn, formatMoney, Input, Label, Skeleton, Thumb } from '../../components/ui/ui'
import { call, client } from '../../lib/api-client'
import { useDebounced } from '../../lib/use-debounced'
import { PHASE_LABEL, STATUS_LABEL, STATUS_TONE, STEPPER_PHASES } from './api'

export function StatusBadge({ status }: { status: StudioStatus }) {
  return (
    <Badge tone={STATUS_TONE[status]} data-testid="studio-status">
      {STATUS_LABEL[status]}
    </Badge>
  )
}

/** A 9:16 cover thumbnail; a neutral tile while the video has none yet. */
export function Cover({ src, alt, width = 54 }: { src: string | null; alt: string; width?: number }) {
  const style = { width, height: Math.round((width * 16) / 9) }
  if (!src)
    return (
      <span
        role="img"
        aria-label={`${alt} (no cover yet)`}
        style={style}
        className="inline-flex shrink-0 items-center justify-center rounded-md border bg-muted"
      >
        <Circle className="size-3 text-muted-foreground" aria-hidden="true" />
      </span>
    )
  return (
    <img
      src={src}
      alt={alt}
      style={style}
      width={style.width}
      height={style.height}
      loading="lazy"
      className="shrink-0 rounded-md border bg-black object-cover"
    />
  )
}

/**
 * The pipeline as a stepper: done phases ticked, the current one spinning (or waiting on the
 * merchant), a bar with the percent. Settled statuses stop the spinner.
 */
export function PhaseStepper({ phase, percent, status }: { phase: StudioPhase; percent: number; status: StudioStatus }) {
  const at = phase === 'done' ? STEPPER_PHASES.length : STEPPER_PHASES.indexOf(phase as (typeof STEPPER_PHASES)[number])
  const working = status === 'running' || status === 'queued'
  const pct = Math.max(0, Math.min(100, Math.round(status === 'ready' ? 100 : percent)))
  return (
    <div className="flex flex-col gap-3" data-testid="studio-progress" data-phase={phase} data-percent={pct}>
      <div className="flex items-center justify-between text-sm">
        <span className="font-medium">{status === 'ready' ? 'Finished' : `${PHASE_LABEL[phase]}${working ? '…' : ''}`}</span>
        <span className="tabular-nums text-muted-foreground">{pct} %</span>
      </div>
      <div
        className="h-2 w-full overflow-hidden rounded-full bg-muted"
        role="progressbar"
        aria-label="Video progress"
        aria-valuenow={pct}
        aria-valuemin={0}
        aria-valuemax={100}
      >
        <span className="block h-full rounded-full bg-primary transition-[width] duration-500" style={{ width: `${pct}%` }} />
      </div>
      <ol className="flex flex-wrap gap-x-4 gap-y-2 text-xs" aria-label="Steps">
        {STEPPER_PHASES.map((p, i) => {
          const done = i < at || status === 'ready'
          const current = i === at && status !== 'ready'
          return (
            <li
              key={p}
              aria-current={current ? 'step' : undefined}
              className={cn('flex items-center gap-1.5', done ? 'text-foreground' : current ? 'font-semibold text-foreground' : 'text-muted-foreground')}
            >
              {done ? (
                <Check className="size-3.5 text-success" aria-hidden="true" />
              ) : current && working ? (
                <Loader2 className="size-3.5 animate-spin text-primary" aria-hidden="true" />
              ) : (
                <Circle className={cn('size-3', current ? 'fill-warning text-warning' : '')} aria-hidden="true" />
              )}
              {PHASE_LABEL[p]}
              <span className="sr-only">{done ? ' (done)' : current ? ' (now)' : ''}</span>
            </li>
          )
        })}
      </ol>
    </div>
  )
}

/**
 * A list of short words as removable chips with an input: Enter or a comma adds, Backspace on
 * the empty input removes the last one.
 */
export function TagInput({
  label,
  values,
  onChange,
  placeholder,
  hint,
  max,
  disabled,
}: {
  label: string
  values: string[]
  onChange: (v: string[]) => void
  placeholder?: string
  hint?: string
  max: number
  disabled?: boolean
}) {
  const id = useId()
  const [text, setText] = useState('')
  const add = (raw: string) => {
    const words = raw
      .split(',')
      .map((w) => w.trim())
      .filter(Boolean)
    const next = [...values]
    for (const w of words) if (!next.some((v) => v.toLowerCase() === w.toLowerCase()) && next.length < max) next.push(w.slice(0, 60))
    onChange(next)
    setText('')
  }
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' || e.key === ',') {
      e.preventDefault()
      if (text.trim()) add(text)
    } else if (e.key === 'Backspace' && !text && values.length) onChange(values.slice(0, -1))
  }
  return (
    <div className="flex min-w-0 flex-col gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <div className="flex min-h-9 flex-wrap items-center gap-1.5 rounded-md border border-input bg-card px-2 py-1.5 shadow-xs focus-within:border-ring">
        <ul className="contents" aria-label={label}>
          {values.map((v) => (
            <li key={v}>
              <Badge tone="primary" className="gap-1 pr-1">
                {v}
                <button
                  type="button"
                  disabled={disabled}
                  className="cursor-pointer rounded-full p-0.5 hover:bg-card/60 focus-visible:outline-2 focus-visible:outline-ring"
                  aria-label={`Remove ${v}`}
                  onClick={() => onChange(values.filter((x) => x !== v))}
                >
                  <X aria-hidden="true" />
                </button>
              </Badge>
            </li>
          ))}
        </ul>
        <input
          id={id}
          disabled={disabled || values.length >= max}
          className="h-6 min-w-24 flex-1 bg-transparent text-sm outline-none placeholder:text-muted-foreground"
          placeholder={values.length >= max ? `At most ${max}` : placeholder}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKey}
          onBlur={() => text.trim() && add(text)}
          aria-describedby={hint ? `${id}-hint` : undefined}
        />
      </div>
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
    </div>
  )
}

type ProductSummary = InferResponseType<typeof client.api.products.$get, 200>['items'][number]

const thumbOf = (p: ProductSummary) => {
  const img = p.image
  if (!img) return null
  const small = img.thumbnails.filter((t) => t.contentType !== 'image/avif' && (t.width ?? 0) <= 200).sort((a, b) => (b.width ?? 0) - (a.width ?? 0))
  return `/media/${small[0]?.key ?? img.key}`
}

/**
 * The shop's products, searchable, with thumbnails: one (radio) or several (checkboxes). The
 * chosen ones stay listed at the top while the search changes.
 */
export function ProductPicker({
  mode,
  selected,
  onChange,
  label,
}: {
  mode: 'one' | 'many'
  selected: { id: string; title: string }[]
  onChange: (next: { id: string; title: string }[]) => void
  label: string
}) {
  const [q, setQ] = useState('')
  const query = useDebounced(q.trim(), 200)
  const products = useQuery({
    queryKey: ['studio-picker', query],
    queryFn: () => call(client.api.products.$get({ query: { limit: '20', ...(query ? { q: query } : {}) } })),
  })
  const name = useId()
  const chosen = new Set(selected.map((s) => s.id))
  const items = products.data?.items ?? []
  const toggle = (p: ProductSummary) => {
    if (mode === 'one') return onChange([{ id: p.id, title: p.title }])
    onChange(chosen.has(p.id) ? selected.filter((s) => s.id !== p.id) : [...selected, { id: p.id, title: p.title }])
  }
  return (
    <fieldset className="flex min-w-0 flex-col gap-2">
      <legend className="mb-1.5 text-sm font-medium">{label}</legend>
      <Input type="search" aria-label="Search products" placeholder="Search your products…" value={q} onChange={(e) => setQ(e.target.value)} />
      {mode === 'many' && selected.length ? (
        <p className="text-xs text-muted-foreground" data-testid="picked-count">
          {selected.length} chosen: {selected.map((s) => s.title).join(', ')}
        </p>
      ) : null}
      <div className="max-h-64 overflow-y-auto rounded-md border" data-testid="product-picker">
        {products.isLoading ? (
          <div className="flex flex-col gap-2 p-2" role="status" aria-busy="true">
            <span className="sr-only">Loading products…</span>
            <Skeleton className="h-10" />
            <Skeleton className="h-10" />
          </div>
        ) : !items.length ? (
          <p className="p-3 text-sm text-muted-foreground">{query ? `No product matches “${query}”.` : 'No products yet: add one in Products first.'}</p>
        ) : (
          <ul className="divide-y">
            {items.map((p) => {
              const id = `${name}-${p.id}`
              const on = chosen.has(p.id)
              return (
                <li key={p.id} className={cn('flex items-center gap-3 px-3 py-2', on && 'bg-accent/50')}>
                  {mode === 'one' ? (
                    <input type="radio" id={id} name={name} checked={on} onChange={() => toggle(p)} className="size-4 cursor-pointer accent-primary" />
                  ) : (
                    <Checkbox id={id} checked={on} onCheckedChange={() => toggle(p)} />
                  )}
                  <label htmlFor={id} className="flex min-w-0 flex-1 cursor-pointer items-center gap-3 text-sm">
                    <Thumb src={thumbOf(p)} alt="" size={36} />
                    <span className="min-w-0 flex-1 truncate">{p.title}</span>
                    <span className="shrink-0 text-xs text-muted-foreground tabular-nums">{formatMoney(p.priceMinor, p.currency)}</span>
                  </label>
                </li>
              )
            })}
          </ul>
        )}
      </div>
    </fieldset>
  )
}
