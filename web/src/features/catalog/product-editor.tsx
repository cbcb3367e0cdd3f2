import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { ArrowLeft, ImagePlus, Images, Plus, Trash2, X } from 'lucide-react'
import { type FormEvent, useRef, useState } from 'react'
import { Link, useLocation, useNavigate, useParams } from 'react-router'
import {
  Badge,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  CurrencyField,
  cn,
  Dialog,
  DialogClose,
  DialogContent,
  DialogTrigger,
  ErrorNote,
  Field,
  minorToInput,
  parseMoney,
  Saved,
  Select,
  Skeleton,
  TextArea,
  toast,
} from '../../components/ui/ui'
import { ApiError, fieldErrors } from '../../lib/api-client'
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
  promoCodes: string
  seoTitle: string
  seoDescription: string
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
      promoCodes: '',
      seoTitle: '',
      seoDescription: '',
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
    promoCodes: p.promoCodes.join(', '),
    seoTitle: p.seo.titleIsDefault ? '' : p.seo.title,
    seoDescription: p.seo.descriptionIsDefault ? '' : p.seo.description,
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
    promoCodes: [
      ...new Set(
        f.promoCodes
          .split(',')
          .map((t) => t.trim().toUpperCase())
          .filter(Boolean),
      ),
    ],
    seo: { title: f.seoTitle.trim() || null, description: f.seoDescription.trim() || null },
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
  if (q.isLoading)
    return (
      <div role="status" aria-label="Loading the product…" className="flex flex-col gap-4">
        <Skeleton className="h-8 w-64" />
        <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
          <Skeleton className="h-72" />
          <Skeleton className="h-72" />
        </div>
      </div>
    )
  if (q.error)
    return (
      <ErrorNote
        error={
          q.error instanceof ApiError && q.error.status === 404 ? new Error('This product does not exist in your shop (it may have been deleted).') : q.error
        }
        action={
          <Button variant="secondary" size="sm" asChild>
            <Link to="/products">Back to products</Link>
          </Button>
        }
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
      toast.success(`Saved “${p.title}”`)
      if (!product) navigate(`/products/${p.id}`, { replace: true, state: { saved: true } })
    },
    onError: (err) => {
      setErrors(fieldErrors(err))
      toast.error(err)
    },
  })
  const remove = useMutation({
    mutationFn: async () => {
      if (product) await deleteProduct(product.id)
    },
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ['products'] })
      toast.success('Product deleted')
      navigate('/products', { replace: true })
    },
    onError: toast.error,
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
  const pageUrl = product && me?.merchant ? `${window.location.origin}/@${me.merchant.slug}/p/${product.slug}` : null

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div className="flex min-w-0 flex-col gap-1">
          <Link to="/products" className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
            <ArrowLeft className="size-4" aria-hidden="true" /> Products
          </Link>
          <h1 className="text-2xl font-semibold tracking-tight">{product ? product.title : 'New product'}</h1>
          {product ? (
            <Link to={`/products/${product.id}/media`} className="inline-flex items-center gap-1 text-sm font-medium text-primary hover:underline">
              <Images className="size-4" aria-hidden="true" /> Thumbnails, previews and promo video
            </Link>
          ) : null}
        </div>
        {canEdit ? (
          <div className="flex gap-2">
            {product ? (
              <Dialog>
                <DialogTrigger asChild>
                  <Button variant="secondary" busy={remove.isPending} className="text-destructive">
                    <Trash2 aria-hidden="true" /> Delete
                  </Button>
                </DialogTrigger>
                <DialogContent title="Delete this product?" description="It leaves your storefront, short links and bot at once. This cannot be undone.">
                  <div className="flex justify-end gap-2">
                    <DialogClose asChild>
                      <Button variant="secondary">Keep it</Button>
                    </DialogClose>
                    <DialogClose asChild>
                      <Button variant="danger" onClick={() => remove.mutate()}>
                        Delete product
                      </Button>
                    </DialogClose>
                  </div>
                </DialogContent>
              </Dialog>
            ) : null}
            <Button type="submit" busy={save.isPending}>
              {save.isPending ? 'Saving…' : 'Save'}
            </Button>
          </div>
        ) : null}
      </header>
      {saved ? <Saved /> : null}
      {save.error && !Object.keys(errors).length ? <ErrorNote error={save.error} /> : null}
      {Object.keys(errors).length ? <ErrorNote error={new Error('Some fields need attention; see the messages below.')} /> : null}

      <div className="grid items-start gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(18rem,1fr)]">
        <div className="flex min-w-0 flex-col gap-4">
          <Card>
            <CardContent className="flex flex-col gap-4">
              <Field label="Title" value={form.title} onChange={(e) => set('title', e.target.value)} error={errors.title} required />
              <TextArea label="Description" rows={5} value={form.description} onChange={(e) => set('description', e.target.value)} error={errors.description} />
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <CardTitle>Images</CardTitle>
              <CardDescription>The first image is the cover on the storefront, in link previews and in the bot.</CardDescription>
            </CardHeader>
            <CardContent>
              {product ? (
                <ImageManager product={product} canEdit={canEdit} />
              ) : (
                <p className="text-sm text-muted-foreground">Save the product first, then drop images here.</p>
              )}
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <CardTitle>Variants</CardTitle>
              <CardDescription>
                {form.variants.length
                  ? 'Each variant has its own price, SKU and stock.'
                  : 'One price and stock for the product. Add variants for sizes, colours and the like.'}
              </CardDescription>
            </CardHeader>
            <CardContent className="flex flex-col gap-4">
              {form.optionNames.length ? (
                <div className="grid gap-3 sm:grid-cols-3">
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
                <fieldset
                  key={v.id ?? `new-${i}`}
                  data-testid="variant-row"
                  className="grid grid-cols-2 items-end gap-3 rounded-lg border p-3 sm:grid-cols-[repeat(auto-fit,minmax(7rem,1fr))]"
                >
                  <legend className="px-1 text-xs font-medium text-muted-foreground">Variant {i + 1}</legend>
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
                    size="icon"
                    onClick={() =>
                      set(
                        'variants',
                        form.variants.filter((_, j) => j !== i),
                      )
                    }
                    aria-label={`Remove variant ${i + 1}`}
                  >
                    <X aria-hidden="true" />
                  </Button>
                </fieldset>
              ))}
              {canEdit ? (
                <div className="flex flex-wrap gap-2">
                  <Button variant="secondary" onClick={addVariant}>
                    <Plus aria-hidden="true" /> Add variant
                  </Button>
                  {form.variants.length && form.optionNames.length < 3 ? (
                    <Button variant="ghost" onClick={addOption}>
                      Add option
                    </Button>
                  ) : null}
                </div>
              ) : null}
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <CardTitle>Link preview and search</CardTitle>
              <CardDescription>
                What WhatsApp, TikTok and search engines show for this product's page. Empty fields use the product's title and description.
              </CardDescription>
            </CardHeader>
            <CardContent className="grid gap-4 md:grid-cols-2 [&>*]:min-w-0">
              <div className="flex flex-col gap-4">
                <Field
                  label="SEO title"
                  placeholder={form.title || 'The product title'}
                  maxLength={200}
                  value={form.seoTitle}
                  onChange={(e) => set('seoTitle', e.target.value)}
                  error={errors['seo.title']}
                  hint={`${(form.seoTitle || form.title).length}/70 characters shown by most apps`}
                />
                <TextArea
                  label="SEO description"
                  placeholder={form.description.slice(0, 160) || 'The product description'}
                  maxLength={500}
                  rows={3}
                  value={form.seoDescription}
                  onChange={(e) => set('seoDescription', e.target.value)}
                  error={errors['seo.description']}
                />
              </div>
              <LinkPreview
                title={form.seoTitle.trim() || form.title.trim() || 'New product'}
                description={form.seoDescription.trim() || form.description.trim()}
                image={product?.images[0] ? thumbUrl(product.images[0], 800) : null}
                url={pageUrl}
              />
            </CardContent>
          </Card>
        </div>

        <div className="flex min-w-0 flex-col gap-4 lg:sticky lg:top-4">
          <Card>
            <CardContent className="flex flex-col gap-4">
              <Select
                label="Status"
                value={form.status}
                onValueChange={(v) => set('status', v)}
                options={[
                  { value: 'draft', label: 'Draft (hidden)' },
                  { value: 'published', label: 'Published' },
                  { value: 'archived', label: 'Archived' },
                ]}
                hint={form.status === 'published' ? 'Shown on your storefront and in the bot.' : 'Only you and your team see it.'}
              />
              {pageUrl && product?.status === 'published' ? (
                <a href={pageUrl} target="_blank" rel="noreferrer" className="truncate text-sm font-medium text-primary hover:underline">
                  View on storefront ↗
                </a>
              ) : null}
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Pricing</CardTitle>
            </CardHeader>
            <CardContent className="flex flex-col gap-4">
              <CurrencyField value={form.currency} onValueChange={(c) => set('currency', c)} error={errors.currency} />
              {form.variants.length ? (
                <p className="text-sm text-muted-foreground">Price and stock come from the variants.</p>
              ) : (
                <div className="grid grid-cols-2 gap-3">
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
                  <Field label="SKU" value={form.sku} onChange={(e) => set('sku', e.target.value)} />
                </div>
              )}
              <Field
                label="Discount codes"
                hint="Comma-separated; shown on the product page and by the bot"
                placeholder="KICKS10"
                value={form.promoCodes}
                onChange={(e) => set('promoCodes', e.target.value)}
                error={errors.promoCodes}
              />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Organise</CardTitle>
            </CardHeader>
            <CardContent className="flex flex-col gap-4">
              <Field label="Category" value={form.category} onChange={(e) => set('category', e.target.value)} error={errors.category} />
              <Field label="Tags" hint="Comma-separated" value={form.tags} onChange={(e) => set('tags', e.target.value)} error={errors.tags} />
            </CardContent>
          </Card>
        </div>
      </div>
    </form>
  )
}

/** The link preview as WhatsApp draws it: the image on top, then title, description and site. */
function LinkPreview({ title, description, image, url }: { title: string; description: string; image: string | null; url: string | null }) {
  return (
    <figure className="flex min-w-0 flex-col gap-2" data-testid="link-preview">
      <figcaption className="text-sm font-medium">Preview in WhatsApp</figcaption>
      <div className="rounded-xl bg-[#e7ffdb] p-1.5 text-[#111b21] shadow-sm dark:bg-[#005c4b] dark:text-[#e9edef]">
        <div className="overflow-hidden rounded-lg bg-black/5 dark:bg-black/20">
          {image ? (
            <img src={image} alt="" className="aspect-[1.91/1] w-full object-cover" />
          ) : (
            <div className="flex aspect-[1.91/1] w-full items-center justify-center text-xs opacity-70">Add an image to show one here</div>
          )}
          <div className="flex flex-col gap-0.5 px-2.5 py-2">
            <strong className="line-clamp-2 text-sm leading-snug" data-testid="link-preview-title">
              {title}
            </strong>
            {description ? <span className="line-clamp-2 text-xs opacity-80">{description}</span> : null}
            <span className="truncate text-xs opacity-70">{url ? new URL(url).host : window.location.host}</span>
          </div>
        </div>
        <p className="truncate px-1.5 pt-1.5 text-sm text-[#005e8a] dark:text-[#a8e4ff]">{url ?? 'Your product link'}</p>
      </div>
    </figure>
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
        toast.success(`Uploaded ${file.name}`)
      } catch (err) {
        setOne({ error: (err as Error).message })
        toast.error(err)
      }
      refresh()
    }
  }
  const remove = useMutation({
    mutationFn: (img: ProductImage) => deleteImage(product.id, img.assetId),
    onSuccess: () => {
      refresh()
      toast.success('Image removed')
    },
    onError: toast.error,
  })
  return (
    <div className="flex flex-col gap-3">
      {product.images.length ? (
        <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-4">
          {product.images.map((img, i) => (
            <li key={img.assetId} data-testid="product-image" className="flex flex-col gap-1.5 rounded-lg border p-1.5">
              <div className="relative">
                <img
                  src={thumbUrl(img) ?? ''}
                  alt={`${product.title} (${i + 1} of ${product.images.length})`}
                  className="aspect-square w-full rounded-md bg-muted object-cover"
                />
                {i === 0 ? (
                  <Badge tone="primary" className="absolute top-1.5 left-1.5">
                    Cover
                  </Badge>
                ) : null}
              </div>
              <div className="flex items-center justify-between gap-1 px-1">
                <small className={cn('text-xs', img.thumbnails.length ? 'text-muted-foreground' : 'text-warning')}>
                  {img.thumbnails.length ? 'thumbnails ready' : 'making thumbnails…'}
                </small>
                {canEdit ? (
                  <Button variant="ghost" size="icon" className="size-7" aria-label={`Remove image ${i + 1}`} onClick={() => remove.mutate(img)}>
                    <Trash2 aria-hidden="true" />
                  </Button>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {canEdit ? (
        // biome-ignore lint/a11y/noStaticElementInteractions: the drop zone is also reachable by its button
        <div
          className={cn(
            'flex flex-col items-center gap-2 rounded-lg border-2 border-dashed px-4 py-6 text-center text-sm transition-colors',
            over ? 'border-primary bg-accent' : 'border-border',
          )}
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
          <ImagePlus className="size-6 text-muted-foreground" aria-hidden="true" />
          <p>Drag images here, or</p>
          <Button variant="secondary" size="sm" onClick={() => input.current?.click()}>
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
          <small className="text-xs text-muted-foreground">JPEG, PNG, WebP, AVIF or GIF, up to 10 MB each.</small>
        </div>
      ) : null}
      {uploads.map((u) => (
        <div key={u.name} className="flex items-center gap-3 text-sm">
          <span className="min-w-0 flex-1 truncate">{u.name}</span>
          {u.error ? (
            <span className="text-destructive">{u.error}</span>
          ) : (
            <progress className="w-32 accent-primary" max={100} value={u.pct} aria-label={`Uploading ${u.name}`} />
          )}
        </div>
      ))}
    </div>
  )
}
