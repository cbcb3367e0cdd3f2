import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { InferResponseType } from 'hono/client'
import { useEffect, useState } from 'react'
import { Button, ErrorNote, Field, Loading, Select, TextArea } from '../../components/ui/ui'
import { ApiError, call, client } from '../../lib/api-client'

type StorefrontSettings = InferResponseType<typeof client.api.storefront.settings.$get, 200>['settings']
type Block = StorefrontSettings['blocks'][number]

const THEMES: { value: StorefrontSettings['theme']; label: string }[] = [
  { value: 'classic', label: 'Classic (light)' },
  { value: 'midnight', label: 'Midnight (dark)' },
  { value: 'sunset', label: 'Sunset (warm)' },
  { value: 'mint', label: 'Mint (fresh)' },
]

/** Dashboard page: theme, bio, contact channels, link blocks and the link preview text. */
export function StorefrontSettingsPage() {
  const qc = useQueryClient()
  const q = useQuery({ queryKey: ['storefront-settings'], queryFn: () => call(client.api.storefront.settings.$get()) })
  const [draft, setDraft] = useState<StorefrontSettings | null>(null)
  useEffect(() => {
    if (q.data && !draft) setDraft(q.data.settings)
  }, [q.data, draft])
  const save = useMutation({
    mutationFn: (s: StorefrontSettings) => call(client.api.storefront.settings.$put({ json: s })),
    onSuccess: (res) => {
      qc.setQueryData(['storefront-settings'], res)
      setDraft(res.settings)
    },
  })
  if (q.isLoading || (!draft && !q.error)) return <Loading label="Loading your storefront…" />
  if (q.error || !draft || !q.data) return <ErrorNote error={q.error} action={<Button onClick={() => q.refetch()}>Try again</Button>} />
  const issues = save.error instanceof ApiError ? ((save.error.details as { path: string; message: string }[] | undefined) ?? []) : []
  const issue = (path: string) => issues.find((i) => i.path === path || i.path.startsWith(`${path}.`))?.message ?? null
  const set = (patch: Partial<StorefrontSettings>) => setDraft({ ...draft, ...patch })
  const setBlock = (i: number, b: Block | null) => set({ blocks: b ? draft.blocks.map((x, j) => (j === i ? b : x)) : draft.blocks.filter((_, j) => j !== i) })

  return (
    <div className="storefront-settings">
      <div className="page-head">
        <div>
          <h1>Storefront</h1>
          <p className="muted">
            Your link-in-bio page:{' '}
            <a href={q.data.shop.url} target="_blank" rel="noreferrer" data-testid="storefront-url">
              {q.data.shop.url}
            </a>
          </p>
        </div>
      </div>
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault()
          save.mutate(draft)
        }}
      >
        <Select label="Theme" value={draft.theme} onChange={(e) => set({ theme: e.target.value as StorefrontSettings['theme'] })}>
          {THEMES.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </Select>
        <TextArea label="Bio" value={draft.bio} maxLength={300} onChange={(e) => set({ bio: e.target.value })} error={issue('bio')} />
        <Field
          label="WhatsApp number"
          value={draft.whatsappNumber ?? ''}
          placeholder="2348012345678"
          hint="Digits only, with the country code. Order buttons open a chat with this number."
          error={issue('whatsappNumber')}
          onChange={(e) => set({ whatsappNumber: e.target.value.trim() || null })}
        />
        <Field
          label="Telegram bot username"
          value={draft.telegramBot ?? ''}
          placeholder="myshop_bot"
          error={issue('telegramBot')}
          onChange={(e) => set({ telegramBot: e.target.value.replace(/^@/, '').trim() || null })}
        />
        <h2>Link preview</h2>
        <p className="muted">What WhatsApp, X and others show when your page link is shared. Leave empty to use your shop name and bio.</p>
        <Field
          label="Preview title"
          value={draft.preview.title ?? ''}
          maxLength={100}
          onChange={(e) => set({ preview: { ...draft.preview, title: e.target.value || undefined } })}
        />
        <TextArea
          label="Preview description"
          value={draft.preview.description ?? ''}
          maxLength={300}
          onChange={(e) => set({ preview: { ...draft.preview, description: e.target.value || undefined } })}
        />
        <h2>Blocks</h2>
        {draft.blocks.length === 0 ? <p className="muted">No blocks yet. Add links to your other pages, headings or a short text.</p> : null}
        <ol className="sf-block-list">
          {draft.blocks.map((b, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: blocks have no ids; their position is their identity while editing
            <li key={`${b.type}-${i}`} className="sf-block-edit">
              <strong>{b.type}</strong>
              {b.type === 'link' ? (
                <>
                  <Field label="Title" value={b.title} onChange={(e) => setBlock(i, { ...b, title: e.target.value })} error={issue(`blocks.${i}.title`)} />
                  <Field label="URL" value={b.url} onChange={(e) => setBlock(i, { ...b, url: e.target.value })} error={issue(`blocks.${i}.url`)} />
                </>
              ) : b.type === 'video' ? (
                <Field
                  label="TikTok video id"
                  value={b.externalId}
                  onChange={(e) => setBlock(i, { ...b, externalId: e.target.value })}
                  error={issue(`blocks.${i}.externalId`)}
                />
              ) : (
                <Field label="Text" value={b.text} onChange={(e) => setBlock(i, { ...b, text: e.target.value })} error={issue(`blocks.${i}.text`)} />
              )}
              <Button variant="ghost" onClick={() => setBlock(i, null)}>
                Remove
              </Button>
            </li>
          ))}
        </ol>
        <div className="lh-actions">
          <Button variant="secondary" onClick={() => set({ blocks: [...draft.blocks, { type: 'link', title: '', url: 'https://' }] })}>
            + Link
          </Button>
          <Button variant="secondary" onClick={() => set({ blocks: [...draft.blocks, { type: 'heading', text: '' }] })}>
            + Heading
          </Button>
          <Button variant="secondary" onClick={() => set({ blocks: [...draft.blocks, { type: 'text', text: '' }] })}>
            + Text
          </Button>
          <Button variant="secondary" onClick={() => set({ blocks: [...draft.blocks, { type: 'video', externalId: '' }] })}>
            + TikTok video
          </Button>
        </div>
        {save.error ? <ErrorNote error={issues.length ? new Error('Some fields need fixing: see the messages above.') : save.error} /> : null}
        {save.isSuccess ? <p role="status">Saved. Your page shows the changes now.</p> : null}
        <Button type="submit" busy={save.isPending}>
          Save storefront
        </Button>
      </form>
    </div>
  )
}
