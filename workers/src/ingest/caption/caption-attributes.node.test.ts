import { describe, expect, it } from 'vitest'
import { findColours, findSizes } from './attributes'
import { guessLanguage } from './language'
import { findProducts } from './products'
import { detectSentiment } from './sentiment'
import { buildTags, findHashtags } from './tags'
import { categorise, DEFAULT_TAXONOMY, type Taxonomy, taxonomySchema } from './taxonomy'

describe('product mentions', () => {
  it.each([
    ['🔥 Nike Air Force 1 sneakers in white', 'Nike Air Force 1 sneakers'],
    ['😱 silk scarf in 6 colours', 'silk scarf'],
    ['Robe en soie noire à 49,90 €', 'Robe en soie noire'],
    ['Brand new iPhone 12 for N450,000', 'iPhone 12'],
    ["Vintage Levi's 501 jeans size 32", "Levi's 501 jeans"],
  ])('finds the product in "%s"', (text, product) => {
    expect(findProducts(text)).toContain(product)
  })
})

describe('sizes and colours', () => {
  it('reads letter sizes only in a list or after a size word', () => {
    expect(findSizes('Sizes S, M, L, XL')).toEqual(['S', 'M', 'L', 'XL'])
    expect(findSizes("I'm in love, it's M for me")).toEqual([])
  })

  it('expands a shoe size range and reads regional sizes', () => {
    expect(findSizes('size 38-41')).toEqual(['38', '39', '40', '41'])
    expect(findSizes('UK 8 trainers')).toEqual(['UK 8'])
    expect(findSizes('taille 42')).toEqual(['42'])
  })

  it('reads colours in several languages as English names', () => {
    expect(findColours('robe noire, vestido rojo, tênis preto, viatu nyeupe')).toEqual(['black', 'red', 'white'])
  })
})

describe('sentiment', () => {
  it('reads fire and heart-eyes emoji as positive', () => {
    expect(detectSentiment('New drop 🔥😍').sentiment).toBe('positive')
  })
  it('reads complaints with angry emoji as negative', () => {
    expect(detectSentiment('Worst packaging ever 😡 came broken 👎').sentiment).toBe('negative')
  })
  it('reads a plain listing as neutral', () => {
    expect(detectSentiment('Denim jacket KSh 1,500, sizes M and L').sentiment).toBe('neutral')
  })
  it('flips a negated word', () => {
    expect(detectSentiment('not good at all').sentiment).toBe('negative')
  })
})

describe('tags, category and language', () => {
  it('makes tags from hashtags and product words, without reach hashtags or stop words', () => {
    const hashtags = findHashtags('Silk scarf #SilkScarf #fyp #foryou #the')
    expect(hashtags).toEqual(['silkscarf', 'fyp', 'foryou', 'the'])
    const tags = buildTags({ hashtags, products: ['silk scarf'], colours: ['red'], category: DEFAULT_TAXONOMY[3] })
    expect(tags).toEqual(['silkscarf', 'silk', 'scarf', 'red', 'accessories'])
  })

  it('puts sneakers in shoes and a saree in apparel with the default taxonomy', () => {
    expect(categorise({ text: 'Nike Air Force 1 sneakers', products: ['Nike Air Force 1 sneakers'] })).toBe('shoes')
    expect(categorise({ text: 'Banarasi silk saree' })).toBe('apparel')
    expect(categorise({ text: 'nothing to see here' })).toBe('other')
  })

  it('uses a merchant-edited taxonomy passed as data', () => {
    const custom: Taxonomy = taxonomySchema.parse([
      { slug: 'fabrics', name: 'Fabrics', keywords: ['ankara', 'kente', 'wax'] },
      { slug: 'other', name: 'Other', keywords: [] },
    ])
    expect(categorise({ text: 'Kente print tote bags' }, custom)).toBe('fabrics')
  })

  it('ships the default taxonomy as valid editable data with the documented slugs', () => {
    expect(taxonomySchema.safeParse(DEFAULT_TAXONOMY).success).toBe(true)
    expect(DEFAULT_TAXONOMY.map((c) => c.slug)).toEqual([
      'apparel',
      'shoes',
      'bags',
      'accessories',
      'jewelry',
      'beauty',
      'health',
      'home',
      'electronics',
      'phones',
      'food',
      'kids',
      'sports',
      'automotive',
      'books',
      'services',
      'other',
    ])
  })

  it.each([
    ['Nouvelle collection, lien en bio pour la robe', 'fr'],
    ['Biquíni novo na loja, compre agora com frete', 'pt'],
    ['Viatu vya wanawake bei ni Ksh 2,300 tu, nunua sasa', 'sw'],
    ['Áo thun cotton giá chỉ 150k', 'vi'],
    ['Restocked! Only $95, link in bio', 'en'],
  ])('guesses the language of "%s" as %s', (text, lang) => {
    expect(guessLanguage(text)).toBe(lang)
  })
})
