import { countOf } from '../../../../../contracts/count-of'
import { formatMoney } from '../../../../../contracts/money'
import { clip, TITLE_MAX } from '../outbound'
import { PAGE, type Turn } from '../turn'
import { MENU_BUTTONS } from './menu'

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

/** The category list, a page at a time; a shop without categories lists its products instead. */
export async function showCategories(t: Turn, page = 0) {
  const cats = await t.deps.catalog.categories()
  if (!cats.length) return showProducts(t, { page }, 'Here is what we sell:')
  const slice = cats.slice(page * PAGE, page * PAGE + PAGE)
  if (!slice.length) return t.say({ kind: 'text', text: 'That was everything. Type a product name to search.' })
  const rows = slice.map((c) => ({
    id: `cat:${c.category.slice(0, 40)}:0`,
    title: clip(cap(c.category), TITLE_MAX),
    description: countOf(c.count, 'product'),
  }))
  if (cats.length > (page + 1) * PAGE) rows.push({ id: `cats:${page + 1}`, title: 'More categories…', description: `Page ${page + 2}` })
  t.say({
    kind: 'list',
    text: page ? 'More categories:' : 'What would you like to see? Pick a category.',
    button: 'Categories',
    header: t.deps.merchant.name.slice(0, 60),
    rows,
  })
}

/** One page of a category (or of everything, without one). */
export async function showCategory(t: Turn, category: string | undefined, page: number) {
  await showProducts(t, { category: category || undefined, page }, category ? `${cap(category)}:` : 'Products:')
}

async function showProducts(t: Turn, opts: { category?: string; page: number }, text: string) {
  const res = await t.deps.catalog.search({ category: opts.category, limit: PAGE, offset: opts.page * PAGE })
  if (!res.items.length) return t.say({ kind: 'buttons', text: 'Nothing here yet. Try a search, or talk to a person.', buttons: MENU_BUTTONS })
  const rows = res.items.map((p) => ({ id: `p:${p.id}`, title: clip(p.title, TITLE_MAX), description: clip(formatMoney(p.priceMinor, p.currency), 72) }))
  if (res.hasMore) rows.push({ id: `cat:${opts.category ?? ''}:${opts.page + 1}`, title: 'More products…', description: `Page ${opts.page + 2}` })
  t.say({ kind: 'list', text, button: 'Products', rows })
}
