import { describe, expect, it } from 'vitest'
import { cleanCaption } from './caption/clean-caption'
import { parseCaption } from './caption/parse-caption'
import { DEFAULT_TAXONOMY } from './caption/taxonomy'
import { mergeLlmCaption } from './caption/understand-caption'
import { buildDraft } from './propose-product'

const draftOf = (caption: string, currency = 'KES', taxonomy = DEFAULT_TAXONOMY) =>
  buildDraft(caption, parseCaption(caption, { defaultCurrency: currency, taxonomy }), 'TikTok video', currency)

describe('proposal drafts from captions (issue 11)', () => {
  it('keeps model numbers, sizes with units and brand casing in titles', () => {
    expect(draftOf('Air Max 90 🔥 KSh 6,500. Sizes 40–45. DM to order #sneakers').title).toBe('Air Max 90')
    expect(draftOf('Samsung 30 inch smart TV KSh 25,000 #electronics').title).toBe('Samsung 30 Inch Smart TV')
    expect(draftOf('30 inch ring light now KSh 3,000 #content').title).toMatch(/^30 Inch Ring Light/)
    expect(draftOf('iPhone 12 Pro 128GB clean KSh 45,000 #iphone').title).toBe('iPhone 12 Pro 128GB')
    expect(draftOf('Adidas Samba OG white/green KSh 7,500 use code SAMBA10 #sneakers').title).toBe('Adidas Samba OG white/green')
  })

  it('decides the category from hashtags and the merchant taxonomy, not "other"', () => {
    expect(draftOf('Fresh kicks just landed 🔥 KSh 3,500 #sneakers').category).toBe('shoes')
    // A category the merchant added (no keywords yet) is chosen by its own hashtag.
    const taxonomy = [{ slug: 'sneakers', name: 'Sneakers', keywords: [] }, ...DEFAULT_TAXONOMY]
    expect(draftOf('New pairs in store KSh 3,500 #sneakers #nairobi', 'KES', taxonomy).category).toBe('sneakers')
    // The LLM answering "other" never demotes what the rules found.
    const caption = 'Jordan 4 retro KSh 9,000 #sneakers'
    const rules = parseCaption(caption, { defaultCurrency: 'KES' })
    const merged = mergeLlmCaption(
      caption,
      rules,
      { prices: [], codes: [], ctas: [], comment_keyword: null, products: [], category: 'other', tags: [], sentiment: 'neutral' },
      DEFAULT_TAXONOMY.map((c) => c.slug),
    )
    expect(merged.category).toBe('shoes')
  })

  it('proposes one variant per size (at the product price), and keeps codes and calls to action', () => {
    const d = draftOf('Nike Air Max 90 KSh 4,800. Sizes 40-45. Use code KICKS10 for 10% off. DM to order! #sneakers')
    expect(d.variants.map((v) => v.options.size)).toEqual(['40', '41', '42', '43', '44', '45'])
    // null = the product's price at approval, so a corrected price applies to every size
    expect(d.variants.every((v) => v.priceMinor === null)).toBe(true)
    expect(draftOf('Ankara wrap dress only ₦12,000, S/M/L #ankara', 'NGN').variants.map((v) => v.title)).toEqual(['S', 'M', 'L'])
    expect(d.codes).toEqual(['KICKS10'])
    expect(d.ctas.map((c) => c.type)).toContain('dm_to_order')
    // SEO title/description are not copied from the caption: they default to the product's own.
    expect(d.seo.title).toBeUndefined()
    expect(d.seo.description).toBeUndefined()
  })

  it('writes the description as the cleaned caption: no hashtags, phone numbers or prices', () => {
    const caption = 'New drop 🔥 Red Runner Sneakers now ₦45,000 (was ₦55,000). Sizes 40-45. Call 0803 123 4567 or DM to order! #sneakers #lagos'
    const description = draftOf(caption, 'NGN').description
    expect(description).toBe('New drop Red Runner Sneakers. Sizes 40-45. or DM to order!')
    expect(description).not.toMatch(/#|₦|0803/)
    expect(cleanCaption('iPhone 12 Pro 128GB clean KSh 45,000 WhatsApp 0712 345 678 #iphone', { defaultCurrency: 'KES' })).toBe('iPhone 12 Pro 128GB clean')
  })
})
