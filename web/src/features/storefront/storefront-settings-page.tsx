import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { InferResponseType } from 'hono/client'
import { ArrowDown, ArrowUp, Check, ExternalLink, Heading, LayoutList, Link2, Plus, Trash2, Type, Video } from 'lucide-react'
import { type ReactNode, useEffect, useState } from 'react'
import {
  Badge,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardFooter,
  CardHeader,
  CardTitle,
  cn,
  EmptyState,
  ErrorNote,
  Field,
  PageHeader,
  Saved,
  Skeleton,
  TextArea,
  toast,
} from '../../components/ui/ui'
import { call, client, fieldErrors } from '../../lib/api-client'

type StorefrontSettings = InferResponseType<typeof client.api.storefront.settings.$get, 200>['settings']
type Block = StorefrontSettings['blocks'][number]

/** Each theme's look in two colours (the values of tokens.css's html[data-theme=…]). */
const THEMES: { value: StorefrontSettings['theme']; label: string; hint: string; bg: string; fg: string; accent: string }[] = [
  { value: 'classic', label: 'Classic', hint: 'light', bg: '#fafbfc', fg: '#1e2235', accent: '#4f46e5' },
  { value: 'midnight', label: 'Midnight', hint: 'dark', bg: '#0b1020', fg: '#f1f5f9', accent: '#a78bfa' },
  { value: 'sunset', label: 'Sunset', hint: 'warm', bg: '#fff7ed', fg: '#431407', accent: '#c2410c' },
  { value: 'mint', label: 'Mint', hint: 'fresh', bg: '#f0fdf4', fg: '#052e16', accent: '#047857' },
]

const BLOCK_META: Record<Block['type'], { label: string; icon: typeof Link2 }> = {
  link: { label: 'Link', icon: Link2 },
  heading: { label: 'Heading', icon: Heading },
  text: { label: 'Text', icon: Type },
  video: { label: 'TikTok video', icon: Video },
}
const NEW_BLOCK: Record<Block['type'], Block> = {
  link: { type: 'link', title: '', url: 'https://' },
  heading: { type: 'heading', text: '' },
  text: { type: 'text', text: '' },
  video: { type: 'video', externalId: '' },
}

function Group({ title, description, children, footer }: { title: string; description?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        {description ? <CardDescription>{description}</CardDescription> : null}
      </CardHeader>
      <CardContent className="flex flex-col gap-4">{children}</CardContent>
      {footer ? <CardFooter className="flex-wrap">{footer}</CardFooter> : null}
    </Card>
  )
}

/** Dashboard page: theme, bio, contact channels, link blocks and the link preview text. */
export function StorefrontSettingsPage() {
  const qc = useQueryClient()
  const q = useQuery({ queryKey: ['storefront-settings'], queryFn: () => call(client.api.storefront.settings.$get()) })
  const [draft, setDraft] = useState<StorefrontSettings | null>(null)
  const [savedAt, setSavedAt] = useState<StorefrontSettings | null>(null)
  useEffect(() => {
    if (q.data && !draft) setDraft(q.data.settings)
  }, [q.data, draft])
  const save = useMutation({
    mutationFn: (s: StorefrontSettings) => call(client.api.storefront.settings.$put({ json: s })),
    onSuccess: (res) => {
      qc.setQueryData(['storefront-settings'], res)
      setDraft(res.settings)
      setSavedAt(res.settings)
      toast.success('Storefront saved')
    },
    onError: toast.error,
  })
  if (q.isLoading || (!draft && !q.error))
    return (
      <div className="flex flex-col gap-4" role="status" aria-busy="true">
        <span className="sr-only">Loading your storefront…</span>
        <Skeleton className="h-12 w-1/2" />
        <Skeleton className="h-56 rounded-xl" />
        <Skeleton className="h-40 rounded-xl" />
      </div>
    )
  if (q.error || !draft || !q.data) return <ErrorNote error={q.error} action={<Button onClick={() => q.refetch()}>Try again</Button>} />
  const errors = fieldErrors(save.error)
  const paths = Object.keys(errors)
  const issue = (path: string) => errors[path] ?? errors[paths.find((p) => p.startsWith(`${path}.`)) ?? ''] ?? null
  const set = (patch: Partial<StorefrontSettings>) => setDraft({ ...draft, ...patch })
  const setBlock = (i: number, b: Block | null) => set({ blocks: b ? draft.blocks.map((x, j) => (j === i ? b : x)) : draft.blocks.filter((_, j) => j !== i) })
  const move = (i: number, by: -1 | 1) => {
    const blocks = [...draft.blocks]
    const [b] = blocks.splice(i, 1)
    if (b) blocks.splice(i + by, 0, b)
    set({ blocks })
  }
  const unchanged = savedAt === draft

  return (
    <div className="mx-auto flex w-full max-w-4xl flex-col gap-6">
      <PageHeader
        title="Storefront"
        className="mb-0"
        description={
          <>
            Your link-in-bio page:{' '}
            <a
              href={q.data.shop.url}
              target="_blank"
              rel="noreferrer"
              data-testid="storefront-url"
              className="break-all font-medium text-primary underline-offset-4 hover:underline"
            >
              {q.data.shop.url}
            </a>
          </>
        }
        actions={
          <Button asChild variant="secondary">
            <a href={q.data.shop.url} target="_blank" rel="noreferrer">
              <ExternalLink aria-hidden="true" />
              View your page
            </a>
          </Button>
        }
      />
      <form
        className="flex flex-col gap-6"
        onSubmit={(e) => {
          e.preventDefault()
          save.mutate(draft)
        }}
      >
        <Group title="Look and bio" description="The colours of your page and the line under your shop name.">
          <fieldset className="flex flex-col gap-2">
            <legend className="mb-2 text-sm font-medium">Theme</legend>
            <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
              {THEMES.map((t) => {
                const on = draft.theme === t.value
                return (
                  <label
                    key={t.value}
                    className={cn(
                      'relative flex cursor-pointer flex-col gap-2 rounded-lg border p-2 text-sm transition-colors hover:bg-muted has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-ring',
                      on && 'border-primary ring-1 ring-primary',
                    )}
                  >
                    <input type="radio" name="theme" value={t.value} checked={on} onChange={() => set({ theme: t.value })} className="sr-only" />
                    <span className="flex h-14 flex-col justify-center gap-1.5 rounded-md border px-2.5" style={{ background: t.bg }} aria-hidden="true">
                      <span className="h-1.5 w-3/5 rounded-full" style={{ background: t.fg }} />
                      <span className="h-3 w-full rounded" style={{ background: t.accent }} />
                    </span>
                    <span className="flex items-center justify-between gap-1">
                      <span>
                        <span className="font-medium">{t.label}</span> <span className="text-muted-foreground">({t.hint})</span>
                      </span>
                      {on ? <Check className="size-4 text-primary" aria-hidden="true" /> : null}
                    </span>
                  </label>
                )
              })}
            </div>
          </fieldset>
          <TextArea
            label="Bio"
            value={draft.bio}
            maxLength={300}
            rows={3}
            hint={`${draft.bio.length} of 300 characters`}
            onChange={(e) => set({ bio: e.target.value })}
            error={issue('bio')}
          />
        </Group>

        <Group title="Where shoppers order" description="Order buttons on your page open a chat here.">
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              label="WhatsApp number"
              value={draft.whatsappNumber ?? ''}
              placeholder="2348012345678"
              inputMode="numeric"
              hint="Digits only, with the country code. Order buttons open a chat with this number."
              error={issue('whatsappNumber')}
              onChange={(e) => set({ whatsappNumber: e.target.value.trim() || null })}
            />
            <Field
              label="Telegram bot username"
              value={draft.telegramBot ?? ''}
              placeholder="myshop_bot"
              hint="Without the @."
              error={issue('telegramBot')}
              onChange={(e) => set({ telegramBot: e.target.value.replace(/^@/, '').trim() || null })}
            />
          </div>
        </Group>

        <Group title="Link preview" description="What WhatsApp, X and others show when your page link is shared. Leave empty to use your shop name and bio.">
          <Field
            label="Preview title"
            value={draft.preview.title ?? ''}
            maxLength={100}
            error={issue('preview.title')}
            onChange={(e) => set({ preview: { ...draft.preview, title: e.target.value || undefined } })}
          />
          <TextArea
            label="Preview description"
            value={draft.preview.description ?? ''}
            maxLength={300}
            rows={2}
            error={issue('preview.description')}
            onChange={(e) => set({ preview: { ...draft.preview, description: e.target.value || undefined } })}
          />
        </Group>

        <Group
          title="Blocks"
          description="Links to your other pages, headings, short texts and TikTok videos, shown in this order under your products."
          footer={
            <div className="flex flex-wrap gap-2">
              {(Object.keys(BLOCK_META) as Block['type'][]).map((type) => (
                <Button key={type} variant="secondary" size="sm" onClick={() => set({ blocks: [...draft.blocks, NEW_BLOCK[type]] })}>
                  <Plus aria-hidden="true" />
                  {`Add ${BLOCK_META[type].label === 'TikTok video' ? 'TikTok video' : BLOCK_META[type].label.toLowerCase()}`}
                </Button>
              ))}
            </div>
          }
        >
          {draft.blocks.length === 0 ? (
            <EmptyState title="No blocks yet" icon={<LayoutList aria-hidden="true" />}>
              Add links to your other pages, headings or a short text with the buttons below.
            </EmptyState>
          ) : null}
          <ol className="flex flex-col gap-3">
            {draft.blocks.map((b, i) => {
              const meta = BLOCK_META[b.type]
              const n = `block ${i + 1}`
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: blocks have no ids; their position is their identity while editing
                <li key={`${b.type}-${i}`} className="flex flex-col gap-3 rounded-lg border bg-background p-3">
                  <div className="flex items-center justify-between gap-2">
                    <Badge tone="primary">
                      <meta.icon aria-hidden="true" />
                      {meta.label}
                    </Badge>
                    <div className="flex items-center gap-1">
                      <Button variant="ghost" size="icon" className="size-8" aria-label={`Move ${n} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                        <ArrowUp aria-hidden="true" />
                      </Button>
                      <Button
                        variant="ghost"
                        size="icon"
                        className="size-8"
                        aria-label={`Move ${n} down`}
                        disabled={i === draft.blocks.length - 1}
                        onClick={() => move(i, 1)}
                      >
                        <ArrowDown aria-hidden="true" />
                      </Button>
                      <Button variant="ghost" size="sm" className="text-destructive hover:bg-danger-soft" onClick={() => setBlock(i, null)}>
                        <Trash2 aria-hidden="true" />
                        Remove
                      </Button>
                    </div>
                  </div>
                  {b.type === 'link' ? (
                    <div className="grid gap-3 sm:grid-cols-2">
                      <Field label="Title" value={b.title} onChange={(e) => setBlock(i, { ...b, title: e.target.value })} error={issue(`blocks.${i}.title`)} />
                      <Field
                        label="URL"
                        type="url"
                        value={b.url}
                        onChange={(e) => setBlock(i, { ...b, url: e.target.value })}
                        error={issue(`blocks.${i}.url`)}
                      />
                    </div>
                  ) : b.type === 'video' ? (
                    <Field
                      label="TikTok video id"
                      value={b.externalId}
                      inputMode="numeric"
                      hint="The digits at the end of the video's address."
                      onChange={(e) => setBlock(i, { ...b, externalId: e.target.value })}
                      error={issue(`blocks.${i}.externalId`)}
                    />
                  ) : b.type === 'text' ? (
                    <TextArea
                      label="Text"
                      rows={2}
                      value={b.text}
                      onChange={(e) => setBlock(i, { ...b, text: e.target.value })}
                      error={issue(`blocks.${i}.text`)}
                    />
                  ) : (
                    <Field label="Text" value={b.text} onChange={(e) => setBlock(i, { ...b, text: e.target.value })} error={issue(`blocks.${i}.text`)} />
                  )}
                </li>
              )
            })}
          </ol>
        </Group>

        <div className="flex flex-col gap-3">
          {save.error ? <ErrorNote error={paths.length ? new Error('Some fields need fixing: see the messages above.') : save.error} /> : null}
          <div className="flex flex-wrap items-center gap-3">
            <Button type="submit" size="lg" busy={save.isPending}>
              Save storefront
            </Button>
            {save.isSuccess && unchanged ? <Saved>Saved. Your page shows the changes now.</Saved> : null}
          </div>
        </div>
      </form>
    </div>
  )
}
