import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Pencil, Plus, Tags, Trash2 } from 'lucide-react'
import { useState } from 'react'
import { ConfirmDialog } from '../../components/ui/confirm-dialog'
import {
  Badge,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardFooter,
  CardHeader,
  CardTitle,
  EmptyState,
  ErrorNote,
  Field,
  PageHeader,
  plural,
  Saved,
  SkeletonRows,
  TextArea,
  toast,
} from '../../components/ui/ui'
import { fieldErrors } from '../../lib/api-client'
import { type Category, ingestApi } from './api'

const splitKeywords = (s: string) =>
  s
    .split(',')
    .map((k) => k.trim().toLowerCase())
    .filter(Boolean)

function CategoryRow({ c }: { c: Category }) {
  const qc = useQueryClient()
  const [name, setName] = useState(c.name)
  const [keywords, setKeywords] = useState(c.keywords.join(', '))
  const [editing, setEditing] = useState(false)
  const refresh = () => qc.invalidateQueries({ queryKey: ['categories'] })
  const save = useMutation({
    mutationFn: () => ingestApi.updateCategory(c.id, { name, keywords: splitKeywords(keywords) }),
    onSuccess: () => {
      toast.success(`${name} saved`)
      setKeywords(splitKeywords(keywords).join(', '))
      return refresh()
    },
    onError: toast.error,
  })
  const remove = useMutation({
    mutationFn: () => ingestApi.deleteCategory(c.id),
    onSuccess: () => {
      toast.success(`${c.name} deleted`)
      return refresh()
    },
    onError: toast.error,
  })
  const dirty = name !== c.name || keywords !== c.keywords.join(', ')
  const errors = fieldErrors(save.error)
  return (
    <li>
      {editing ? (
        <form
          className="flex flex-col gap-3 px-5 py-4"
          onSubmit={(e) => {
            e.preventDefault()
            if (dirty && name.trim()) save.mutate()
          }}
        >
          <div className="flex flex-wrap items-center justify-between gap-2">
            <Badge tone="outline" className="font-mono">
              {c.slug}
            </Badge>
            <span className="text-xs text-muted-foreground">{plural(splitKeywords(keywords).length, 'keyword')}</span>
          </div>
          <div className="grid gap-3 md:grid-cols-[1fr_2fr]">
            <Field label="Name" value={name} error={errors.name} onChange={(e) => setName(e.target.value)} />
            <TextArea label="Keywords (comma separated)" rows={2} value={keywords} error={errors.keywords} onChange={(e) => setKeywords(e.target.value)} />
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <Button type="submit" size="sm" disabled={!dirty || !name.trim()} busy={save.isPending}>
              Save
            </Button>
            <Button
              variant="ghost"
              size="sm"
              onClick={() => {
                setName(c.name)
                setKeywords(c.keywords.join(', '))
                setEditing(false)
              }}
            >
              {dirty ? 'Cancel' : 'Done'}
            </Button>
            {save.isSuccess && !dirty ? <Saved /> : null}
          </div>
          {save.error && !Object.keys(errors).length ? <ErrorNote error={save.error} /> : null}
        </form>
      ) : (
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2 px-5 py-3">
          <div className="flex min-w-0 flex-1 basis-56 flex-col gap-1">
            <span className="flex flex-wrap items-center gap-2">
              <span className="font-medium">{c.name}</span>
              <Badge tone="outline" className="font-mono">
                {c.slug}
              </Badge>
            </span>
            <span className="line-clamp-1 text-xs text-muted-foreground" title={c.keywords.join(', ')}>
              {c.keywords.length ? `${plural(c.keywords.length, 'keyword')}: ${c.keywords.join(', ')}` : 'No keywords yet: add the words your captions use.'}
            </span>
          </div>
          <div className="flex shrink-0 items-center gap-1">
            <Button variant="secondary" size="sm" onClick={() => setEditing(true)} aria-label={`Edit ${c.name}`}>
              <Pencil aria-hidden="true" />
              Edit
            </Button>
            <ConfirmDialog
              title={`Delete ${c.name}?`}
              description="Products already tagged keep their category; new imports no longer get it."
              confirmLabel="Delete category"
              onConfirm={() => remove.mutateAsync()}
            >
              <Button variant="ghost" size="sm" className="text-destructive hover:bg-danger-soft">
                <Trash2 aria-hidden="true" />
                Delete
              </Button>
            </ConfirmDialog>
          </div>
        </div>
      )}
    </li>
  )
}

/** /settings/categories – the taxonomy auto-tagging uses for imported videos. */
export function CategoriesPage() {
  const qc = useQueryClient()
  const list = useQuery({ queryKey: ['categories'], queryFn: ingestApi.categories })
  const [slug, setSlug] = useState('')
  const [name, setName] = useState('')
  const [keywords, setKeywords] = useState('')
  const add = useMutation({
    mutationFn: () => ingestApi.addCategory({ slug: slug.trim().toLowerCase(), name: name.trim(), keywords: splitKeywords(keywords) }),
    onSuccess: () => {
      toast.success(`${name.trim()} added`)
      setSlug('')
      setName('')
      setKeywords('')
      void qc.invalidateQueries({ queryKey: ['categories'] })
    },
    onError: toast.error,
  })
  const errors = fieldErrors(add.error)
  const slugError = slug && !/^[a-z0-9-]{1,40}$/.test(slug.trim().toLowerCase()) ? 'Use lower-case letters, digits and dashes' : null
  const count = list.data?.items.length ?? 0
  return (
    <div className="mx-auto flex w-full max-w-4xl flex-col gap-6">
      <PageHeader
        title="Categories"
        description="Imported videos get the category whose keywords their caption mentions most. Add words your customers use."
        className="mb-0"
      />
      <Card>
        <CardHeader>
          <CardTitle>Add a category</CardTitle>
          <CardDescription>The short name goes in addresses and exports; the name is what shoppers see.</CardDescription>
        </CardHeader>
        <form
          onSubmit={(e) => {
            e.preventDefault()
            if (!slugError && slug && name) add.mutate()
          }}
        >
          <CardContent className="flex flex-col gap-4">
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label="Short name (slug)" value={slug} onChange={(e) => setSlug(e.target.value)} error={slugError ?? errors.slug} placeholder="fabrics" />
              <Field label="Name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} placeholder="Fabrics" />
            </div>
            <Field
              label="Keywords (comma separated)"
              value={keywords}
              onChange={(e) => setKeywords(e.target.value)}
              error={errors.keywords}
              placeholder="lace, aso oke, ankara fabric"
            />
            {add.error && !Object.keys(errors).length ? <ErrorNote error={add.error} /> : null}
          </CardContent>
          <CardFooter className="flex-wrap">
            <Button type="submit" busy={add.isPending} disabled={!slug || !name || Boolean(slugError)}>
              <Plus aria-hidden="true" />
              Add category
            </Button>
            {add.isSuccess && !slug ? <Saved /> : null}
          </CardFooter>
        </form>
      </Card>
      <section className="flex flex-col gap-3" aria-labelledby="categories-heading">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="categories-heading" className="text-base font-semibold">
            Your categories
          </h2>
          {list.data ? <span className="text-sm text-muted-foreground">{plural(count, 'category', 'categories')}</span> : null}
        </div>
        {list.isLoading ? (
          <Card>
            <SkeletonRows rows={3} label="Loading categories…" />
          </Card>
        ) : null}
        {list.error ? <ErrorNote error={list.error} action={<Button onClick={() => list.refetch()}>Try again</Button>} /> : null}
        {list.data && !count ? (
          <EmptyState title="No categories yet" icon={<Tags aria-hidden="true" />}>
            Add one above, e.g. “Sneakers” with the keywords your captions use (sneakers, kicks, trainers).
          </EmptyState>
        ) : null}
        {count ? (
          <Card>
            <ul className="divide-y">
              {list.data?.items.map((c) => (
                <CategoryRow key={c.id} c={c} />
              ))}
            </ul>
          </Card>
        ) : null}
      </section>
    </div>
  )
}
