import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useRef, useState } from 'react'
import { Link, useLocation, useNavigate, useParams } from 'react-router'
import { Button, ErrorNote, Field, Loading, minorToInput, parseMoney, Select, TextArea } from '../../components/ui/ui'
import { ApiError } from '../../lib/api-client'
import { hasRole, useMe } from '../../lib/use-me'
import {
  createProduct,
  deleteImage,
  deleteProduct,
  fetchProduct,
  type Product,
  type ProductImage,
  type ProductInput,
  type ProductStatus,
  thumbUrl,
  updateProduct,
  uploadImage,
} from './api'

type VariantRow = { id?: string; values: string[]; price: string; compareAt: string; sku: string; stock: string }
type Form = {
  title: string
  description: string
  status: ProductStatus
  currency: string
  price: string
  compareAt: string
  sku: string
  stock: string
  category: string
  tags: string
  optionNames: string[]
  variants: VariantRow[]
}

function formOf(p: Product | null, currency: string): Form {
  if (!p)
    return {
      title: '',
      description: '',
      status: 'draft',
      currency,
      price: '',
      compareAt: '',
      sku: '',
      stock: '',
      category: '',
      tags: '',
      optionNames: [],
      variants: [],
    }
  const optionNames = [...new Set(p.variants.flatMap((v) => Object.keys(v.options)))].slice(0, 3)
  return {
    title: p.title,
    description: p.description,
    status: p.status,
    currency: p.currency,
    price: minorToInput(p.priceMinor, p.currency),
    compareAt: minorToInput(p.compareAtMinor, p.currency),
    sku: p.sku ?? '',
    stock: p.stock === null ? '' : String(p.stock),
    category: p.category ?? '',
    tags: p.tags.join(', '),
    optionNames,
    variants: p.variants.map((v) => ({
      id: v.id,
      values: optionNames.map((n) => v.options[n] ?? ''),
      price: minorToInput(v.priceMinor, p.currency),
      compareAt: minorToInput(v.compareAtMinor, p.currency),
      sku: v.sku ?? '',
      stock: v.stock === null || v.stock === undefined ? '' : String(v.stock),
    })),
  }
}

/** Turns the form into the API body, or a map of field errors that say what to fix. */
function toBody(f: Form): { body?: ProductInput; errors: Record<string, string> } {
  const errors: Record<string, string> = {}
  const money = (key: string, text: string, required: boolean) => {
    if (!text.trim()) {
      if (required) errors[key] = 'enter a price'
      return null
    }
    const m = parseMoney(text, f.currency)
    if (m === null) errors[key] = `enter an amount like 12.50 (${f.currency})`
    return m
  }
  const int = (key: string, text: string) => {
    if (!text.trim()) return null
    if (!/^\d+$/.test(text.trim())) errors[key] = 'enter a whole number, or leave empty to not track stock'
    return Number(text.trim())
  }
  if (!f.title.trim()) errors.title = 'give the product a title'
  const names = f.optionNames.map((n) => n.trim())
  names.forEach((n, i) => {
    if (!n) errors[`option-${i}`] = 'name this option (e.g. size)'
  })
  const variants = f.variants.map((v, i) => {
    const options: Record<string, string> = {}
    names.forEach((n, j) => {
      if (!v.values[j]?.trim()) errors[`v${i}-value${j}`] = `enter a ${n || 'value'}`
      else options[n] = v.values[j].trim()
    })
    return {
      id: v.id,
      options,
      priceMinor: money(`v${i}-price`, v.price, true) ?? 0,
      compareAtMinor: money(`v${i}-compareAt`, v.compareAt, false),
      sku: v.sku.trim() || null,
      stock: int(`v${i}-stock`, v.stock),
    }
  })
  const hasVariants = variants.length > 0
  const body: ProductInput = {
    title: f.title.trim(),
    description: f.description,
    status: f.status,
    currency: f.currency.trim().toUpperCase(),
    priceMinor: hasVariants ? undefined : (money('price', f.price, true) ?? 0),
    compareAtMinor: hasVariants ? undefined : money('compareAt', f.compareAt, false),
    sku: f.sku.trim() || null,
    stock: hasVariants ? undefined : int('stock', f.stock),
    category: f.category.trim() || null,
    tags: [
      ...new Set(
        f.tags
          .split(',')
          .map((t) => t.trim().toLowerCase())
          .filter(Boolean),
      ),
    ],
    variants,
  }
  return Object.keys(errors).length ? { errors } : { body, errors }
}

export function NewProductPage() {
  const { data: me } = useMe()
  return <ProductEditor product={null} currency={me?.merchant?.defaultCurrency ?? 'USD'} />
}

export function EditProductPage() {
  const { id = '' } = useParams()
  const { data: me } = useMe()
  const q = useQuery({ queryKey: ['product', id], queryFn: () => fetchProduct(id) })
  if (q.isLoading) return <Loading label="Loading the product…" />
  if (q.error)
    return (
      <ErrorNote
        error={
          q.error instanceof ApiError && q.error.status === 404 ? new Error('This product does not exist in your shop (it may have been deleted).') : q.error
        }
        action={<Link to="/products">Back to products</Link>}
      />
    )
  return <ProductEditor key={q.data?.id} product={q.data ?? null} currency={me?.merchant?.defaultCurrency ?? 'USD'} />
}

function ProductEditor({ product, currency }: { product: Product | null; currency: string }) {
  const [form, setForm] = useState<Form>(() => formOf(product, currency))
  const [errors, setErrors] = useState<Record<string, string>>({})
  // A new product's editor remounts under its id after the first save: carry "Saved." across.
  const location = useLocation()
  const [saved, setSaved] = useState(Boolean((location.state as { saved?: boolean } | null)?.saved))
  const navigate = useNavigate()
  const qc = useQueryClient()
  const { data: me } = useMe()
  const canEdit = hasRole(me, 'staff')
  const save = useMutation({
    mutationFn: (body: ProductInput) => (product ? updateProduct(product.id, body) : createProduct(body)),
    onSuccess: (p) => {
      qc.setQueryData(['product', p.id], p)
      qc.invalidateQueries({ queryKey: ['products'] })
      setSaved(true)
      if (!product) navigate(`/products/${p.id}`, { replace: true, state: { saved: true } })
    },
    onError: (err) => {
      if (err instanceof ApiError && Array.isArray(err.details))
        setErrors(Object.fromEntries((err.details as { path: string; message: string }[]).map((d) => [d.path, d.message])))
    },
  })
  const remove = useMutation({
    mutationFn: async () => {
      if (product) await deleteProduct(product.id)
    },
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ['products'] })
      navigate('/products', { replace: true })
    },
  })
  const set = <K extends keyof Form>(k: K, v: Form[K]) => {
    setSaved(false)
    setForm((f) => ({ ...f, [k]: v }))
  }
  const setVariant = (i: number, patch: Partial<VariantRow>) =>
    set(
      'variants',
      form.variants.map((v, j) => (j === i ? { ...v, ...patch } : v)),
    )
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const { body, errors: errs } = toBody(form)
    setErrors(errs)
    if (body) save.mutate(body)
  }
  const addOption = () => {
    if (form.optionNames.length >= 3) return
    setForm((f) => ({ ...f, optionNames: [...f.optionNames, ''], variants: f.variants.map((v) => ({ ...v, values: [...v.values, ''] })) }))
  }
  const addVariant = () => {
    const names = form.optionNames.length ? form.optionNames : ['size']
    setForm((f) => ({
      ...f,
      optionNames: names,
      variants: [...f.variants, { values: names.map(() => ''), price: f.variants.at(-1)?.price ?? f.price, compareAt: '', sku: '', stock: '' }],
    }))
  }

  return (
    <form className="editor" onSubmit={submit} noValidate>
      <header className="page-head">
        <div>
          <p className="muted">
            <Link to="/products">← Products</Link>
          </p>
          <h1>{product ? product.title : 'New product'}</h1>
          {product ? (
            <p>
              <Link to={`/products/${product.id}/media`}>Thumbnails, previews and promo video →</Link>
            </p>
          ) : null}
        </div>
        {canEdit ? (
          <div className="actions">
            {product ? (
              <Button variant="danger" busy={remove.isPending} onClick={() => confirm('Delete this product? This cannot be undone.') && remove.mutate()}>
                Delete
              </Button>
            ) : null}
            <Button type="submit" busy={save.isPending}>
              {save.isPending ? 'Saving…' : 'Save'}
            </Button>
          </div>
        ) : null}
      </header>
      {saved ? (
        <p role="status" className="flash">
          Saved.
        </p>
      ) : null}
      {save.error ? <ErrorNote error={save.error} /> : null}
      {Object.keys(errors).length && !save.error ? <ErrorNote error={new Error('Some fields need attention; see the messages below.')} /> : null}

      <div className="editor-grid">
        <div className="card">
          <Field label="Title" value={form.title} onChange={(e) => set('title', e.target.value)} error={errors.title} required />
          <TextArea label="Description" value={form.description} onChange={(e) => set('description', e.target.value)} error={errors.description} />
          <div className="row">
            <Field label="Category" value={form.category} onChange={(e) => set('category', e.target.value)} />
            <Field label="Tags" hint="Comma-separated" value={form.tags} onChange={(e) => set('tags', e.target.value)} error={errors.tags} />
          </div>
        </div>

        <div className="card">
          <Select label="Status" value={form.status} onChange={(e) => set('status', e.target.value as ProductStatus)}>
            <option value="draft">Draft (hidden)</option>
            <option value="published">Published</option>
            <option value="archived">Archived</option>
          </Select>
          <Field label="Currency" value={form.currency} maxLength={3} onChange={(e) => set('currency', e.target.value.toUpperCase())} error={errors.currency} />
          {form.variants.length ? (
            <p className="muted">Price and stock come from the variants below.</p>
          ) : (
            <div className="row">
              <Field
                label={`Price (${form.currency})`}
                inputMode="decimal"
                value={form.price}
                onChange={(e) => set('price', e.target.value)}
                error={errors.price ?? errors.priceMinor}
              />
              <Field
                label="Compare-at price"
                inputMode="decimal"
                value={form.compareAt}
                onChange={(e) => set('compareAt', e.target.value)}
                error={errors.compareAt}
              />
              <Field
                label="Stock"
                hint="Empty = not tracked"
                inputMode="numeric"
                value={form.stock}
                onChange={(e) => set('stock', e.target.value)}
                error={errors.stock}
              />
            </div>
          )}
          <Field label="SKU" value={form.sku} onChange={(e) => set('sku', e.target.value)} />
        </div>

        <div className="card span-2">
          <h2>Variants</h2>
          {!form.variants.length ? (
            <p className="muted">One price and stock for the product. Add variants for sizes, colours and the like, each with its own price, SKU and stock.</p>
          ) : null}
          {form.optionNames.length ? (
            <div className="row">
              {form.optionNames.map((n, i) => (
                <Field
                  // biome-ignore lint/suspicious/noArrayIndexKey: option columns are positional
                  key={i}
                  label={`Option ${i + 1} name`}
                  placeholder={['size', 'colour', 'material'][i]}
                  value={n}
                  onChange={(e) =>
                    set(
                      'optionNames',
                      form.optionNames.map((x, j) => (j === i ? e.target.value : x)),
                    )
                  }
                  error={errors[`option-${i}`]}
                />
              ))}
            </div>
          ) : null}
          {form.variants.map((v, i) => (
            <fieldset key={v.id ?? `new-${i}`} className="variant-row" data-testid="variant-row">
              <legend>Variant {i + 1}</legend>
              {form.optionNames.map((n, j) => (
                <Field
                  // biome-ignore lint/suspicious/noArrayIndexKey: option columns are positional
                  key={j}
                  label={n || `Option ${j + 1}`}
                  value={v.values[j] ?? ''}
                  onChange={(e) => setVariant(i, { values: v.values.map((x, k) => (k === j ? e.target.value : x)) })}
                  error={errors[`v${i}-value${j}`]}
                />
              ))}
              <Field
                label={`Price (${form.currency})`}
                inputMode="decimal"
                value={v.price}
                onChange={(e) => setVariant(i, { price: e.target.value })}
                error={errors[`v${i}-price`] ?? errors[`variants.${i}.priceMinor`]}
              />
              <Field label="SKU" value={v.sku} onChange={(e) => setVariant(i, { sku: e.target.value })} />
              <Field
                label="Stock"
                inputMode="numeric"
                value={v.stock}
                onChange={(e) => setVariant(i, { stock: e.target.value })}
                error={errors[`v${i}-stock`]}
              />
              <Button
                variant="ghost"
                onClick={() =>
                  set(
                    'variants',
                    form.variants.filter((_, j) => j !== i),
                  )
                }
                aria-label={`Remove variant ${i + 1}`}
              >
                Remove
              </Button>
            </fieldset>
          ))}
          {canEdit ? (
            <div className="actions">
              <Button variant="secondary" onClick={addVariant}>
                Add variant
              </Button>
              {form.variants.length && form.optionNames.length < 3 ? (
                <Button variant="ghost" onClick={addOption}>
                  Add option
                </Button>
              ) : null}
            </div>
          ) : null}
        </div>

        <div className="card span-2">
          <h2>Images</h2>
          {product ? <ImageManager product={product} canEdit={canEdit} /> : <p className="muted">Save the product first, then drop images here.</p>}
        </div>
      </div>
    </form>
  )
}

type Upload = { name: string; pct: number; error?: string }

function ImageManager({ product, canEdit }: { product: Product; canEdit: boolean }) {
  const qc = useQueryClient()
  const input = useRef<HTMLInputElement>(null)
  const [uploads, setUploads] = useState<Upload[]>([])
  const [over, setOver] = useState(false)
  const refresh = () => qc.invalidateQueries({ queryKey: ['product', product.id] })
  // Thumbnails are made in the background; poll briefly until every image has them.
  useQuery({
    queryKey: ['product', product.id],
    queryFn: () => fetchProduct(product.id),
    refetchInterval: product.images.some((i) => !i.thumbnails.length) ? 2000 : false,
  })
  const upload = async (files: FileList | File[]) => {
    for (const file of [...files]) {
      if (!file.type.startsWith('image/')) {
        setUploads((u) => [...u, { name: file.name, pct: 0, error: 'not an image: upload JPEG, PNG, WebP, AVIF or GIF' }])
        continue
      }
      setUploads((u) => [...u, { name: file.name, pct: 0 }])
      const setOne = (patch: Partial<Upload>) => setUploads((u) => u.map((x) => (x.name === file.name ? { ...x, ...patch } : x)))
      try {
        await uploadImage(product.id, file, (pct) => setOne({ pct }))
        setOne({ pct: 100 })
        setUploads((u) => u.filter((x) => x.name !== file.name))
      } catch (err) {
        setOne({ error: (err as Error).message })
      }
      refresh()
    }
  }
  const remove = useMutation({
    mutationFn: (img: ProductImage) => deleteImage(product.id, img.assetId),
    onSuccess: refresh,
  })
  return (
    <div>
      {product.images.length ? (
        <ul className="image-grid">
          {product.images.map((img) => (
            <li key={img.assetId} data-testid="product-image">
              <img src={thumbUrl(img) ?? ''} alt="" />
              <small className="muted">{img.thumbnails.length ? 'thumbnails ready' : 'making thumbnails…'}</small>
              {canEdit ? (
                <Button variant="ghost" onClick={() => remove.mutate(img)}>
                  Remove
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {canEdit ? (
        // biome-ignore lint/a11y/noStaticElementInteractions: the drop zone is also reachable by its button
        <div
          className={`drop-zone ${over ? 'over' : ''}`}
          onDragOver={(e) => {
            e.preventDefault()
            setOver(true)
          }}
          onDragLeave={() => setOver(false)}
          onDrop={(e) => {
            e.preventDefault()
            setOver(false)
            upload(e.dataTransfer.files)
          }}
        >
          <p>Drag images here, or</p>
          <Button variant="secondary" onClick={() => input.current?.click()}>
            Choose images
          </Button>
          <input
            ref={input}
            type="file"
            accept="image/*"
            multiple
            hidden
            data-testid="image-input"
            onChange={(e) => e.target.files && upload(e.target.files)}
          />
          <small className="muted">JPEG, PNG, WebP, AVIF or GIF, up to 10 MB each.</small>
        </div>
      ) : null}
      {uploads.map((u) => (
        <div key={u.name} className="upload-row">
          <span>{u.name}</span>
          {u.error ? <span className="error">{u.error}</span> : <progress max={100} value={u.pct} aria-label={`Uploading ${u.name}`} />}
        </div>
      ))}
    </div>
  )
}
