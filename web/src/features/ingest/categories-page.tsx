import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Button, ErrorNote, Field, Loading } from '../../components/ui/ui'
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
  const refresh = () => qc.invalidateQueries({ queryKey: ['categories'] })
  const save = useMutation({ mutationFn: () => ingestApi.updateCategory(c.id, { name, keywords: splitKeywords(keywords) }), onSuccess: refresh })
  const remove = useMutation({ mutationFn: () => ingestApi.deleteCategory(c.id), onSuccess: refresh })
  const dirty = name !== c.name || keywords !== c.keywords.join(', ')
  return (
    <li className="card category-row">
      <code>{c.slug}</code>
      <Field label="Name" value={name} onChange={(e) => setName(e.target.value)} />
      <Field label="Keywords (comma separated)" value={keywords} onChange={(e) => setKeywords(e.target.value)} />
      <div className="proposal-actions">
        <Button variant="secondary" disabled={!dirty || !name.trim()} busy={save.isPending} onClick={() => save.mutate()}>
          Save
        </Button>
        <Button variant="danger" busy={remove.isPending} onClick={() => remove.mutate()}>
          Delete
        </Button>
      </div>
      {save.error || remove.error ? <ErrorNote error={save.error ?? remove.error} /> : null}
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
      setSlug('')
      setName('')
      setKeywords('')
      void qc.invalidateQueries({ queryKey: ['categories'] })
    },
  })
  const slugError = slug && !/^[a-z0-9-]{1,40}$/.test(slug.trim().toLowerCase()) ? 'Use lower-case letters, digits and dashes' : null
  return (
    <section className="ingest">
      <div className="page-head">
        <div>
          <h1>Categories</h1>
          <p className="muted">Imported videos get the category whose keywords their caption mentions most. Add words your customers use.</p>
        </div>
      </div>
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault()
          if (!slugError && slug && name) add.mutate()
        }}
      >
        <h2>Add a category</h2>
        <div className="proposal-prices">
          <Field label="Short name (slug)" value={slug} onChange={(e) => setSlug(e.target.value)} error={slugError} placeholder="fabrics" />
          <Field label="Name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Fabrics" />
        </div>
        <Field label="Keywords (comma separated)" value={keywords} onChange={(e) => setKeywords(e.target.value)} placeholder="lace, aso oke, ankara fabric" />
        <Button type="submit" busy={add.isPending} disabled={!slug || !name || Boolean(slugError)}>
          Add category
        </Button>
        {add.error ? <ErrorNote error={add.error} /> : null}
      </form>
      {list.isLoading ? <Loading /> : null}
      {list.error ? <ErrorNote error={list.error} /> : null}
      <ul className="categories">
        {list.data?.items.map((c) => (
          <CategoryRow key={c.id} c={c} />
        ))}
      </ul>
    </section>
  )
}
