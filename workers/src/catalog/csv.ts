import Papa from 'papaparse'
import { currencyDigits, decimalToMinor, minorToDecimal } from '../../../contracts/money'
import type { VariantInput } from '../../../db/queries/products'
import { createProductSchema } from './schemas'

/**
 * The catalog CSV: one row per variant (one row for a product without variants); rows of the same
 * `handle` form one product, whose product-level columns are read from its first row. Prices are
 * decimals in the currency's major unit, exact to its minor unit. Tags are comma-separated,
 * image URLs space-separated. Up to three options per variant.
 */
export const CSV_COLUMNS = [
  'handle',
  'title',
  'description',
  'status',
  'category',
  'tags',
  'currency',
  'price',
  'compare_at_price',
  'sku',
  'stock',
  'image_urls',
  'option1_name',
  'option1_value',
  'option2_name',
  'option2_value',
  'option3_name',
  'option3_value',
  'variant_title',
  'variant_price',
  'variant_compare_at_price',
  'variant_sku',
  'variant_stock',
] as const

type ExportProduct = {
  slug: string
  title: string
  description: string
  status: string
  category: string | null
  tags: string[]
  currency: string
  priceMinor: number
  compareAtMinor: number | null
  sku: string | null
  stock: number | null
  variants: { title: string; options: Record<string, string>; priceMinor: number; compareAtMinor: number | null; sku: string | null; stock: number | null }[]
  images: { key: string }[]
}

/** The catalog as CSV text; `origin` makes image URLs absolute so another shop can fetch them. */
export function productsToCsv(list: ExportProduct[], origin: string): string {
  const rows: Record<string, string>[] = []
  for (const p of list) {
    const base: Record<string, string> = {
      handle: p.slug,
      title: p.title,
      description: p.description,
      status: p.status,
      category: p.category ?? '',
      tags: p.tags.join(', '),
      currency: p.currency,
      price: minorToDecimal(p.priceMinor, p.currency),
      compare_at_price: p.compareAtMinor === null ? '' : minorToDecimal(p.compareAtMinor, p.currency),
      sku: p.sku ?? '',
      stock: p.stock === null ? '' : String(p.stock),
      image_urls: p.images.map((i) => `${origin}/media/${i.key}`).join(' '),
    }
    if (!p.variants.length) rows.push(base)
    for (const v of p.variants) {
      const opts = Object.entries(v.options)
      rows.push({
        ...base,
        option1_name: opts[0]?.[0] ?? '',
        option1_value: opts[0]?.[1] ?? '',
        option2_name: opts[1]?.[0] ?? '',
        option2_value: opts[1]?.[1] ?? '',
        option3_name: opts[2]?.[0] ?? '',
        option3_value: opts[2]?.[1] ?? '',
        variant_title: v.title,
        variant_price: minorToDecimal(v.priceMinor, p.currency),
        variant_compare_at_price: v.compareAtMinor === null ? '' : minorToDecimal(v.compareAtMinor, p.currency),
        variant_sku: v.sku ?? '',
        variant_stock: v.stock === null ? '' : String(v.stock),
      })
    }
  }
  // Formula-looking cells are escaped so a spreadsheet never runs them (CSV injection).
  return Papa.unparse({ fields: [...CSV_COLUMNS], data: rows.map((r) => CSV_COLUMNS.map((c) => r[c] ?? '')) }, { escapeFormulae: true, newline: '\n' })
}

export type CsvError = { line: number; column?: string; message: string }
export type ParsedProduct = {
  line: number
  slug: string
  title: string
  description: string
  status: 'draft' | 'published' | 'archived'
  category: string | null
  tags: string[]
  currency: string
  priceMinor: number
  compareAtMinor: number | null
  sku: string | null
  stock: number | null
  imageUrls: string[]
  variants: VariantInput[]
}

const STATUSES = new Set(['draft', 'published', 'archived'])
const MAX_ROWS = 20_000

// Papa's escapeFormulae prefixes a quote; undo it so a round trip keeps the text.
const unescapeFormula = (s: string) => (/^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s)

/** Parses catalog CSV into products, collecting every row-level error with its line number (1 = header). */
export function parseCatalogCsv(text: string, defaultCurrency: string): { products: ParsedProduct[]; errors: CsvError[] } {
  const errors: CsvError[] = []
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
  })
  for (const e of parsed.errors) errors.push({ line: (e.row ?? 0) + 2, message: e.message })
  const fields = parsed.meta.fields ?? []
  for (const required of ['handle', 'title'])
    if (!fields.includes(required)) errors.push({ line: 1, column: required, message: `the header needs a "${required}" column` })
  if (errors.some((e) => e.line === 1)) return { products: [], errors }
  if (parsed.data.length > MAX_ROWS) return { products: [], errors: [{ line: MAX_ROWS + 2, message: `at most ${MAX_ROWS} rows per file; split the file` }] }

  const bySlug = new Map<string, ParsedProduct>()
  parsed.data.forEach((raw, i) => {
    const line = i + 2
    const row: Record<string, string> = {}
    for (const [k, v] of Object.entries(raw)) row[k] = unescapeFormula(String(v ?? '').trim())
    const err = (column: string, message: string) => errors.push({ line, column, message })
    const slug = row.handle?.toLowerCase() ?? ''
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug)) {
      err('handle', 'handle must be lower-case letters, digits and dashes (e.g. "red-sneakers")')
      return
    }
    let product = bySlug.get(slug)
    if (!product) {
      const currency = (row.currency || defaultCurrency).toUpperCase()
      if (!/^[A-Z]{3}$/.test(currency)) err('currency', `"${row.currency}" is not a three-letter currency code`)
      if (!row.title) err('title', 'title is empty')
      else if (row.title.length > 200) err('title', 'title is longer than 200 characters')
      const status = (row.status || 'draft').toLowerCase()
      if (!STATUSES.has(status)) err('status', `status must be draft, published or archived, not "${row.status}"`)
      const money = (column: string, required: boolean) => {
        const v = row[column] ?? ''
        if (!v) {
          if (required) err(column, `${column} is empty`)
          return null
        }
        const m = decimalToMinor(v, currency)
        if (m === null) err(column, `"${v}" is not a price in ${currency} (at most ${currencyDigits(currency)} decimals, no currency sign)`)
        return m
      }
      const int = (column: string) => {
        const v = row[column] ?? ''
        if (!v) return null
        if (!/^\d+$/.test(v)) {
          err(column, `"${v}" is not a whole number`)
          return null
        }
        return Number(v)
      }
      const hasVariant = !!(row.variant_price || row.option1_name)
      const imageUrls = (row.image_urls ?? '').split(/\s+/).filter(Boolean)
      for (const u of imageUrls) if (!/^https?:\/\/\S+$/.test(u)) err('image_urls', `"${u}" is not an http(s) URL`)
      product = {
        line,
        slug,
        title: row.title ?? '',
        description: row.description ?? '',
        status: status as ParsedProduct['status'],
        category: row.category || null,
        tags: [
          ...new Set(
            (row.tags ?? '')
              .split(',')
              .map((t) => t.trim().toLowerCase())
              .filter(Boolean),
          ),
        ],
        currency,
        priceMinor: money('price', !hasVariant) ?? 0,
        compareAtMinor: money('compare_at_price', false),
        sku: row.sku || null,
        stock: int('stock'),
        imageUrls,
        variants: [],
      }
      bySlug.set(slug, product)
    }
    if (row.variant_price || row.option1_name || row.variant_sku) {
      const options: Record<string, string> = {}
      for (const n of [1, 2, 3]) {
        const name = row[`option${n}_name`]
        const value = row[`option${n}_value`]
        if (name && !value) err(`option${n}_value`, `option${n}_value is empty but option${n}_name is "${name}"`)
        else if (name && value) options[name] = value
      }
      const price = row.variant_price ? decimalToMinor(row.variant_price, product.currency) : product.priceMinor
      if (price === null) err('variant_price', `"${row.variant_price}" is not a price in ${product.currency}`)
      const compare = row.variant_compare_at_price ? decimalToMinor(row.variant_compare_at_price, product.currency) : null
      if (row.variant_compare_at_price && compare === null)
        err('variant_compare_at_price', `"${row.variant_compare_at_price}" is not a price in ${product.currency}`)
      let stock: number | null = null
      if (row.variant_stock) {
        if (/^\d+$/.test(row.variant_stock)) stock = Number(row.variant_stock)
        else err('variant_stock', `"${row.variant_stock}" is not a whole number`)
      }
      const key = JSON.stringify(options)
      if (product.variants.some((v) => JSON.stringify(v.options) === key)) err('option1_value', `a variant with the same options already appears for "${slug}"`)
      product.variants.push({
        title: row.variant_title || undefined,
        options,
        priceMinor: price ?? 0,
        compareAtMinor: compare,
        sku: row.variant_sku || null,
        stock,
      })
    }
  })
  // The JSON API's schema, so a CSV can store nothing the API would refuse (lengths, counts, caps).
  for (const p of bySlug.values()) {
    if (errors.some((e) => e.line === p.line)) continue
    const checked = createProductSchema.safeParse({
      title: p.title,
      slug: p.slug,
      description: p.description,
      status: p.status,
      priceMinor: p.priceMinor,
      compareAtMinor: p.compareAtMinor,
      currency: p.currency,
      sku: p.sku,
      stock: p.stock,
      category: p.category,
      tags: p.tags,
      variants: p.variants.length ? p.variants : undefined,
    })
    if (checked.success) continue
    const seen = new Set<string>()
    for (const issue of checked.error.issues) {
      const column = csvColumnOf(issue.path)
      if (seen.has(column)) continue
      seen.add(column)
      const where = issue.path[0] === 'variants' && typeof issue.path[1] === 'number' ? ` (variant ${issue.path[1] + 1})` : ''
      errors.push({ line: p.line, column, message: `${column}${where}: ${issue.message}` })
    }
  }
  return { products: [...bySlug.values()], errors: errors.sort((a, b) => a.line - b.line) }
}

const PRODUCT_COLUMN: Record<string, string> = { slug: 'handle', priceMinor: 'price', compareAtMinor: 'compare_at_price' }
const VARIANT_COLUMN: Record<string, string> = {
  priceMinor: 'variant_price',
  compareAtMinor: 'variant_compare_at_price',
  sku: 'variant_sku',
  stock: 'variant_stock',
  title: 'variant_title',
  options: 'option1_value',
}

/** The CSV column of a schema issue's path (`variants.0.stock` → `variant_stock`). */
function csvColumnOf(path: PropertyKey[]): string {
  const [head, index, leaf] = path.map(String)
  if (head === 'variants' && index !== undefined && /^\d+$/.test(index)) return leaf ? (VARIANT_COLUMN[leaf] ?? 'variants') : 'variants'
  return PRODUCT_COLUMN[head] ?? head ?? 'row'
}
