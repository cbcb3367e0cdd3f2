import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { InferResponseType } from 'hono/client'
import { useState } from 'react'
import { Button, EmptyState, ErrorNote, Field, Loading, Select } from '../../components/ui/ui'
import { call, client } from '../../lib/api-client'

type LinkRow = InferResponseType<typeof client.api.links.$get, 200>['links'][number]

/** The QR image's address (an `<img>` loads it, so it is a path, not a call). */
const qrPng = (l: LinkRow, scale: string) => client.api.links[':id']['qr.png'].$path({ param: { id: l.id }, query: { scale } })

function target(l: LinkRow) {
  if (l.productTitle) return `Product: ${l.productTitle}`
  if (l.videoCaption !== null) return `Video: ${l.videoCaption || 'TikTok video'}`
  return l.url ?? '—'
}

function CreateLinkForm({ onCreated }: { onCreated: () => void }) {
  const products = useQuery({ queryKey: ['link-products'], queryFn: () => call(client.api.products.$get({ query: { limit: '100' } })) })
  const [kind, setKind] = useState<'product' | 'url'>('product')
  const [productId, setProductId] = useState('')
  const [url, setUrl] = useState('')
  const [title, setTitle] = useState('')
  const [password, setPassword] = useState('')
  const [expiresAt, setExpiresAt] = useState('')
  const [campaign, setCampaign] = useState('')
  const create = useMutation({
    mutationFn: () =>
      call(
        client.api.links.$post({
          json: {
            title: title || undefined,
            ...(kind === 'product' ? { productId: productId || undefined } : { url }),
            password: password || undefined,
            expiresAt: expiresAt ? new Date(expiresAt).toISOString() : undefined,
            utm: campaign ? { campaign } : undefined,
          },
        }),
      ),
    onSuccess: () => {
      setTitle('')
      setPassword('')
      setUrl('')
      onCreated()
    },
  })
  return (
    <form
      className="card links-form"
      onSubmit={(e) => {
        e.preventDefault()
        create.mutate()
      }}
    >
      <h2>New short link</h2>
      <Select label="Goes to" value={kind} onChange={(e) => setKind(e.target.value as 'product' | 'url')}>
        <option value="product">A product page</option>
        <option value="url">Any web address</option>
      </Select>
      {kind === 'product' ? (
        <Select label="Product" value={productId} onChange={(e) => setProductId(e.target.value)}>
          <option value="">{products.isLoading ? 'Loading products…' : 'Choose a product'}</option>
          {products.data?.items.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title}
            </option>
          ))}
        </Select>
      ) : (
        <Field label="Web address" type="url" value={url} placeholder="https://" onChange={(e) => setUrl(e.target.value)} required />
      )}
      <Field label="Name (optional)" value={title} onChange={(e) => setTitle(e.target.value)} />
      <Field label="Campaign (utm_campaign, optional)" value={campaign} onChange={(e) => setCampaign(e.target.value)} />
      <Field
        label="Password (optional)"
        type="text"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        hint="Shoppers must type it before they are sent on."
      />
      <Field label="Expires (optional)" type="datetime-local" value={expiresAt} onChange={(e) => setExpiresAt(e.target.value)} />
      {create.error ? <ErrorNote error={create.error} /> : null}
      <Button type="submit" busy={create.isPending}>
        Create link
      </Button>
    </form>
  )
}

/** Dashboard page: short links with clicks, toggles and QR codes (SVG to view, PNG to print). */
export function LinksPage() {
  const qc = useQueryClient()
  const links = useQuery({ queryKey: ['links'], queryFn: () => call(client.api.links.$get()) })
  const [qrFor, setQrFor] = useState<LinkRow | null>(null)
  const toggle = useMutation({
    mutationFn: (l: LinkRow) => call(client.api.links[':id'].$patch({ param: { id: l.id }, json: { enabled: !l.enabled } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['links'] }),
  })
  const remove = useMutation({
    mutationFn: (l: LinkRow) => call(client.api.links[':id'].$delete({ param: { id: l.id } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['links'] }),
  })
  return (
    <div className="links-page">
      <div className="page-head">
        <div>
          <h1>Links &amp; QR codes</h1>
          <p className="muted">Short links for your bio, captions and posters. Every click is counted and carried into the chat.</p>
        </div>
      </div>
      <CreateLinkForm onCreated={() => qc.invalidateQueries({ queryKey: ['links'] })} />
      {links.isLoading ? <Loading label="Loading links…" /> : null}
      {links.error ? <ErrorNote error={links.error} action={<Button onClick={() => links.refetch()}>Try again</Button>} /> : null}
      {links.data && links.data.links.length === 0 ? (
        <EmptyState title="No links yet">Create one above, then paste it in your TikTok bio or print its QR code.</EmptyState>
      ) : null}
      {toggle.error || remove.error ? <ErrorNote error={toggle.error ?? remove.error} /> : null}
      {links.data && links.data.links.length > 0 ? (
        <div className="table-wrap">
          <table className="links-table">
            <thead>
              <tr>
                <th>Link</th>
                <th>Goes to</th>
                <th>Clicks</th>
                <th>Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {links.data.links.map((l) => (
                <tr key={l.id} data-testid="link-row">
                  <td>
                    <a href={l.shortUrl} target="_blank" rel="noreferrer">
                      /l/{l.code}
                    </a>
                    {l.title ? <div className="muted">{l.title}</div> : null}
                  </td>
                  <td>{target(l)}</td>
                  <td>{l.clicks}</td>
                  <td>
                    {l.enabled ? 'On' : 'Off'}
                    {l.hasPassword ? ' · 🔒' : ''}
                    {l.expiresAt ? ` · until ${new Date(l.expiresAt).toLocaleDateString()}` : ''}
                  </td>
                  <td className="links-actions">
                    <Button variant="secondary" onClick={() => setQrFor(l)}>
                      QR
                    </Button>
                    <Button variant="secondary" onClick={() => navigator.clipboard?.writeText(l.shortUrl)}>
                      Copy
                    </Button>
                    <Button variant="ghost" busy={toggle.isPending && toggle.variables?.id === l.id} onClick={() => toggle.mutate(l)}>
                      {l.enabled ? 'Turn off' : 'Turn on'}
                    </Button>
                    <Button variant="danger" onClick={() => window.confirm(`Delete /l/${l.code}? It will stop working.`) && remove.mutate(l)}>
                      Delete
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {qrFor ? (
        <section className="card links-qr" aria-label={`QR code for /l/${qrFor.code}`}>
          <h2>QR code for /l/{qrFor.code}</h2>
          <img src={qrPng(qrFor, '8')} alt={`QR code for ${qrFor.shortUrl}`} data-testid="qr-image" width={296} height={296} />
          <div className="lh-actions">
            <a className="btn btn-secondary" href={qrPng(qrFor, '16')} download={`qr-${qrFor.code}.png`}>
              Download PNG
            </a>
            <a className="btn btn-secondary" href={client.api.links[':id']['qr.svg'].$path({ param: { id: qrFor.id } })} download={`qr-${qrFor.code}.svg`}>
              Download SVG
            </a>
            <Button variant="ghost" onClick={() => setQrFor(null)}>
              Close
            </Button>
          </div>
        </section>
      ) : null}
    </div>
  )
}
