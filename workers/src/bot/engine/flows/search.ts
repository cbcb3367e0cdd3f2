import { currencyDigits, formatMoney } from '../../../../../contracts/money'
import { clip, TITLE_MAX } from '../outbound'
import type { BotProductSummary } from '../ports'
import { PAGE, type Turn } from '../turn'
import { MENU_BUTTONS } from './menu'
import { showProduct } from './product-card'

/** What the intent rules read out of a product question. */
export type SearchEntities = { query?: string; colour?: string; size?: string; maxPrice?: number; minPrice?: number }

/**
 * A catalog search from free text: colour + query first, then the query alone; price bounds in the
 * shop's currency. One hit shows its card, several a list, none says so.
 */
export async function search(t: Turn, text: string, e: SearchEntities) {
  const { catalog, merchant } = t.deps
  const digits = currencyDigits(merchant.defaultCurrency)
  const bounds = {
    maxPriceMinor: e.maxPrice !== undefined ? Math.round(e.maxPrice * 10 ** digits) : undefined,
    minPriceMinor: e.minPrice !== undefined ? Math.round(e.minPrice * 10 ** digits) : undefined,
  }
  // Colour words help when the title has them ("Red Runner"), and must not empty the results when it does not.
  // Model numbers belong to names ("air max 90"), but a stray number ("sneakers 2") must not empty the results either.
  const withoutNumbers = (e.query ?? '')
    .replace(/\b\d+\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  const tries = [[e.colour, e.query].filter(Boolean).join(' '), e.query ?? '', withoutNumbers].filter((q, i, a) => a.indexOf(q) === i && (i < 2 || q))
  let items: BotProductSummary[] = []
  for (const q of tries) {
    items = (await catalog.search({ q: q || undefined, ...bounds, limit: PAGE + 1 })).items
    if (items.length) break
  }
  const priceNote = e.maxPrice !== undefined ? ` under ${formatMoney(bounds.maxPriceMinor!, merchant.defaultCurrency)}` : ''
  if (!items.length) {
    t.say({ kind: 'buttons', text: `I found nothing for "${clip(e.query ?? text, 60)}"${priceNote}. Try other words, or browse.`, buttons: MENU_BUTTONS })
    return
  }
  if (items.length === 1) {
    const p = await catalog.product(items[0].id)
    if (p) return showProduct(t, p, `Found it${priceNote ? `, ${priceNote.trim()}` : ''}:`)
  }
  const rows = items
    .slice(0, PAGE)
    .map((p) => ({ id: `p:${p.id}`, title: clip(p.title, TITLE_MAX), description: clip(formatMoney(p.priceMinor, p.currency), 72) }))
  t.say({ kind: 'list', text: `Here is what I found for "${clip(e.query ?? text, 60)}"${priceNote}:`, button: 'See products', rows })
}
