import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { InferResponseType } from 'hono/client'
import { Clock, Download, ExternalLink, Link2, Lock, Plus, Power, PowerOff, QrCode, Trash2 } from 'lucide-react'
import { useState } from 'react'
import { ConfirmDialog } from '../../components/ui/confirm-dialog'
import { CopyButton } from '../../components/ui/copy-button'
import {
  Badge,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardFooter,
  CardHeader,
  CardTitle,
  Dialog,
  DialogClose,
  DialogContent,
  EmptyState,
  ErrorNote,
  Field,
  PageHeader,
  plural,
  Saved,
  Select,
  SkeletonRows,
  toast,
} from '../../components/ui/ui'
import { call, client, fieldErrors } from '../../lib/api-client'

type LinkRow = InferResponseType<typeof client.api.links.$get, 200>['links'][number]

/** The QR image's address (an `<img>` loads it, so it is a path, not a call). */
const qrPng = (l: LinkRow, scale: string) => client.api.links[':id']['qr.png'].$path({ param: { id: l.id }, query: { scale } })

function target(l: LinkRow) {
  if (l.productTitle) return `Product: ${l.productTitle}`
  if (l.videoCaption !== null) return `Video: ${l.videoCaption || 'TikTok video'}`
  return l.url ?? '—'
}

const EXPIRES = [
  { value: '', label: 'Never' },
  { value: '24h', label: '24 hours' },
  { value: '7d', label: '7 days' },
  { value: '30d', label: '30 days' },
] as const
type Expiry = (typeof EXPIRES)[number]['value']
const HOURS: Record<Exclude<Expiry, ''>, number> = { '24h': 24, '7d': 24 * 7, '30d': 24 * 30 }
const expiryIso = (e: Expiry) => (e ? new Date(Date.now() + HOURS[e] * 3_600_000).toISOString() : undefined)

function CreateLinkForm({ onCreated }: { onCreated: () => void }) {
  const products = useQuery({ queryKey: ['link-products'], queryFn: () => call(client.api.products.$get({ query: { limit: '100' } })) })
  const [kind, setKind] = useState<'product' | 'url'>('product')
  const [productId, setProductId] = useState('')
  const [url, setUrl] = useState('')
  const [title, setTitle] = useState('')
  const [password, setPassword] = useState('')
  const [expires, setExpires] = useState<Expiry>('')
  const [campaign, setCampaign] = useState('')
  const create = useMutation({
    mutationFn: () =>
      call(
        client.api.links.$post({
          json: {
            title: title || undefined,
            ...(kind === 'product' ? { productId: productId || undefined } : { url }),
            password: password || undefined,
            expiresAt: expiryIso(expires),
            utm: campaign ? { campaign } : undefined,
          },
        }),
      ),
    onSuccess: (r) => {
      setTitle('')
      setPassword('')
      setUrl('')
      toast.success(`Link /l/${r.link.code} created`)
      onCreated()
    },
    onError: toast.error,
  })
  const errors = fieldErrors(create.error)
  const productOptions = [
    { value: '', label: products.isLoading ? 'Loading products…' : 'Choose a product', disabled: true },
    ...(products.data?.items.map((p) => ({ value: p.id, label: p.title })) ?? []),
  ]
  return (
    <Card>
      <CardHeader>
        <CardTitle>New short link</CardTitle>
        <CardDescription>Point it at a product or any address; add a name so you can tell your links apart.</CardDescription>
      </CardHeader>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          create.mutate()
        }}
      >
        <CardContent className="grid gap-4 sm:grid-cols-2">
          <Select
            label="Goes to"
            value={kind}
            options={[
              { value: 'product', label: 'A product page' },
              { value: 'url', label: 'Any web address' },
            ]}
            onValueChange={(v) => setKind(v)}
          />
          {kind === 'product' ? (
            <Select label="Product" value={productId} options={productOptions} onValueChange={(v) => setProductId(v)} error={errors.productId} />
          ) : (
            <Field label="Web address" type="url" value={url} placeholder="https://" onChange={(e) => setUrl(e.target.value)} error={errors.url} required />
          )}
          <Field
            label="Name (optional)"
            value={title}
            placeholder="e.g. Poster at the market"
            onChange={(e) => setTitle(e.target.value)}
            error={errors.title}
          />
          <Field
            label="Campaign (utm_campaign, optional)"
            value={campaign}
            placeholder="e.g. december-sale"
            onChange={(e) => setCampaign(e.target.value)}
            error={errors['utm.campaign']}
          />
          <Field
            label="Password (optional)"
            type="text"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            hint="Shoppers must type it before they are sent on."
            error={errors.password}
          />
          <Select
            label="Expires (optional)"
            value={expires}
            options={EXPIRES}
            onValueChange={(v) => setExpires(v)}
            hint="After that the link stops sending shoppers on."
            error={errors.expiresAt}
          />
          {create.error && !Object.keys(errors).length ? <ErrorNote error={create.error} className="sm:col-span-2" /> : null}
        </CardContent>
        <CardFooter className="flex-wrap">
          <Button type="submit" busy={create.isPending}>
            <Plus aria-hidden="true" />
            Create link
          </Button>
          {create.isSuccess ? <Saved>Saved. Your new link is at the top of the list.</Saved> : null}
        </CardFooter>
      </form>
    </Card>
  )
}

const GRID = 'lg:grid lg:grid-cols-[minmax(0,1.2fr)_minmax(0,1.5fr)_3.5rem_minmax(0,1fr)_21.5rem] lg:items-center lg:gap-4'

function QrDialog({ link, onClose }: { link: LinkRow | null; onClose: () => void }) {
  return (
    <Dialog open={Boolean(link)} onOpenChange={(open) => (open ? null : onClose())}>
      {link ? (
        <DialogContent
          title={`QR code for /l/${link.code}`}
          description="Print it on posters, packaging or receipts; scans count as clicks."
          className="max-w-md"
        >
          <div className="flex justify-center rounded-lg border bg-white p-3">
            <img
              src={qrPng(link, '8')}
              alt={`QR code for ${link.shortUrl}`}
              data-testid="qr-image"
              width={264}
              height={264}
              className="h-auto w-full max-w-[264px]"
            />
          </div>
          <p className="break-all text-center font-mono text-xs text-muted-foreground">{link.shortUrl}</p>
          <div className="flex flex-wrap justify-end gap-2">
            <Button asChild variant="secondary" size="sm">
              <a href={qrPng(link, '16')} download={`qr-${link.code}.png`}>
                <Download aria-hidden="true" />
                Download PNG
              </a>
            </Button>
            <Button asChild variant="secondary" size="sm">
              <a href={client.api.links[':id']['qr.svg'].$path({ param: { id: link.id } })} download={`qr-${link.code}.svg`}>
                <Download aria-hidden="true" />
                Download SVG
              </a>
            </Button>
            <DialogClose asChild>
              <Button variant="ghost" size="sm">
                Close
              </Button>
            </DialogClose>
          </div>
        </DialogContent>
      ) : null}
    </Dialog>
  )
}

/** Dashboard page: short links with clicks, toggles and QR codes (SVG to view, PNG to print). */
export function LinksPage() {
  const qc = useQueryClient()
  const links = useQuery({ queryKey: ['links'], queryFn: () => call(client.api.links.$get()) })
  const [qrFor, setQrFor] = useState<LinkRow | null>(null)
  const toggle = useMutation({
    mutationFn: (l: LinkRow) => call(client.api.links[':id'].$patch({ param: { id: l.id }, json: { enabled: !l.enabled } })),
    onSuccess: (_r, l) => {
      toast.success(l.enabled ? `/l/${l.code} is off` : `/l/${l.code} is on`)
      qc.invalidateQueries({ queryKey: ['links'] })
    },
    onError: toast.error,
  })
  const remove = useMutation({
    mutationFn: (l: LinkRow) => call(client.api.links[':id'].$delete({ param: { id: l.id } })),
    onSuccess: (_r, l) => {
      toast.success(`/l/${l.code} deleted`)
      qc.invalidateQueries({ queryKey: ['links'] })
    },
    onError: toast.error,
  })
  const count = links.data?.links.length ?? 0
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Links & QR codes"
        description="Short links for your bio, captions and posters. Every click is counted and carried into the chat."
        className="mb-0"
      />
      <CreateLinkForm onCreated={() => qc.invalidateQueries({ queryKey: ['links'] })} />
      <section className="flex flex-col gap-3" aria-labelledby="links-heading">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="links-heading" className="text-base font-semibold">
            Your links
          </h2>
          {links.data ? <span className="text-sm text-muted-foreground">{plural(count, 'link')}</span> : null}
        </div>
        {links.isLoading ? (
          <Card>
            <SkeletonRows rows={3} label="Loading links…" />
          </Card>
        ) : null}
        {links.error ? <ErrorNote error={links.error} action={<Button onClick={() => links.refetch()}>Try again</Button>} /> : null}
        {links.data && count === 0 ? (
          <EmptyState title="No links yet" icon={<Link2 aria-hidden="true" />}>
            Create one above, then paste it in your TikTok bio or print its QR code.
          </EmptyState>
        ) : null}
        {links.data && count > 0 ? (
          <Card className="overflow-hidden">
            <div className={`hidden border-b bg-muted px-4 py-2.5 text-xs font-semibold tracking-wide text-foreground/80 uppercase ${GRID}`} aria-hidden="true">
              <span>Link</span>
              <span>Goes to</span>
              <span className="text-right">Clicks</span>
              <span>Status</span>
              <span className="sr-only">Actions</span>
            </div>
            <ul className="divide-y">
              {links.data.links.map((l) => (
                <li key={l.id} data-testid="link-row" className={`flex flex-wrap items-center gap-x-3 gap-y-2 px-4 py-3 text-sm ${GRID}`}>
                  <div className="flex w-full min-w-0 flex-col gap-0.5">
                    <a
                      href={l.shortUrl}
                      target="_blank"
                      rel="noreferrer"
                      className="inline-flex w-fit items-center gap-1 font-mono font-medium text-primary underline-offset-4 hover:underline"
                    >
                      /l/{l.code}
                      <ExternalLink className="size-3.5" aria-hidden="true" />
                    </a>
                    {l.title ? <span className="truncate text-muted-foreground">{l.title}</span> : null}
                  </div>
                  <div className="w-full min-w-0 truncate" title={target(l)}>
                    {target(l)}
                  </div>
                  <div className="tabular-nums lg:text-right">
                    <span className="text-muted-foreground lg:hidden">Clicks: </span>
                    <span className="font-medium">{l.clicks.toLocaleString()}</span>
                  </div>
                  <div className="flex flex-wrap items-center gap-1.5">
                    <Badge tone={l.enabled ? 'success' : 'neutral'} className="pill">
                      {l.enabled ? 'On' : 'Off'}
                    </Badge>
                    {l.hasPassword ? (
                      <Badge tone="outline" title="Password protected">
                        <Lock aria-hidden="true" />
                        Password
                      </Badge>
                    ) : null}
                    {l.expiresAt ? (
                      <Badge tone="outline" title={`Expires ${new Date(l.expiresAt).toLocaleString()}`}>
                        <Clock aria-hidden="true" />
                        until {new Date(l.expiresAt).toLocaleDateString()}
                      </Badge>
                    ) : null}
                  </div>
                  <div className="flex w-full flex-wrap items-center gap-1.5 lg:justify-end">
                    <Button variant="secondary" size="sm" onClick={() => setQrFor(l)}>
                      <QrCode aria-hidden="true" />
                      QR
                    </Button>
                    <CopyButton text={l.shortUrl} size="sm" done={`/l/${l.code} copied`} />
                    <Button variant="ghost" size="sm" busy={toggle.isPending && toggle.variables?.id === l.id} onClick={() => toggle.mutate(l)}>
                      {l.enabled ? <PowerOff aria-hidden="true" /> : <Power aria-hidden="true" />}
                      <span className="max-sm:sr-only">{l.enabled ? 'Turn off' : 'Turn on'}</span>
                    </Button>
                    <ConfirmDialog
                      title={`Delete /l/${l.code}?`}
                      description="The link and its QR code stop working right away, wherever they are printed or posted."
                      confirmLabel="Delete link"
                      onConfirm={() => remove.mutateAsync(l)}
                    >
                      <Button variant="ghost" size="sm" className="text-destructive hover:bg-danger-soft">
                        <Trash2 aria-hidden="true" />
                        <span className="max-sm:sr-only">Delete</span>
                      </Button>
                    </ConfirmDialog>
                  </div>
                </li>
              ))}
            </ul>
          </Card>
        ) : null}
      </section>
      <QrDialog link={qrFor} onClose={() => setQrFor(null)} />
    </div>
  )
}
