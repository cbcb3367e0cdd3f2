import { describe, expect, it } from 'vitest'
import { extractOrderRef, extractPriceBounds, extractSize, extractStructuredEntities } from './entities'
import { foldText } from './normalise'

const bounds = (text: string) => extractPriceBounds(foldText(text))

describe('price bounds', () => {
  it.each([
    ['under 5000', { maxPrice: 5000 }],
    ['below $50', { maxPrice: 50 }],
    ['less than 3k', { maxPrice: 3000 }],
    ['up to KSh 2,500', { maxPrice: 2500 }],
    ['over 100', { minPrice: 100 }],
    ['at least 1.5k', { minPrice: 1500 }],
    ['between 20 and 50', { minPrice: 20, maxPrice: 50 }],
    ['from $20 to $50', { minPrice: 20, maxPrice: 50 }],
    ['moins de 5000', { maxPrice: 5000 }],
    ['menos de 50', { maxPrice: 50 }],
    ['entre 20 y 50 euros', { minPrice: 20, maxPrice: 50 }],
    ['até 200 reais', { maxPrice: 200 }],
    ['chini ya 5000', { maxPrice: 5000 }],
    ['zaidi ya shilingi 10,000', { minPrice: 10000 }],
  ])('reads %j as %j', (text, expected) => {
    expect(bounds(text)).toEqual(expected)
  })

  it('does not read durations or weights as prices', () => {
    expect(bounds('can you deliver within 3 days')).toEqual({})
    expect(bounds('more than 2 kg of protein')).toEqual({})
    expect(bounds('it has been over 2 weeks')).toEqual({})
  })
})

describe('order references', () => {
  it.each([
    ['where is #A1B2C3', 'A1B2C3'],
    ['order 10023 is late', '10023'],
    ['ORD-1234 not here', 'ORD-1234'],
    ['mi pedido 55821', '55821'],
    ['commande n° 77812', '77812'],
  ])('finds the reference in %j', (text, ref) => {
    expect(extractOrderRef(text)).toBe(ref)
  })

  it('ignores a hash or order word without a number', () => {
    expect(extractOrderRef('Order #')).toBeUndefined()
    expect(extractOrderRef('my order is late')).toBeUndefined()
  })

  it('does not take the order number for a price', () => {
    expect(extractStructuredEntities('order 10023 over a week late')).toEqual({ orderRef: '10023' })
  })
})

describe('sizes and colours', () => {
  it.each([
    ['size 42', '42'],
    ['in XL please', 'XL'],
    ['queen size bed', 'queen'],
    ['king-size mattress', 'king'],
    ['taille 40', '40'],
    ['talla M', 'M'],
    ['tamanho 38', '38'],
    ['saizi 42', '42'],
    ['6*3 mattress', '6x3'],
  ])('reads the size in %j as %j', (text, size) => {
    expect(extractSize(foldText(text))).toBe(size)
  })

  it('does not read "sizes" or "size chart" as a size', () => {
    expect(extractSize(foldText('what sizes are available'))).toBeUndefined()
    expect(extractSize(foldText('send the size chart'))).toBeUndefined()
  })

  it.each([
    ['robe rouge', 'red'],
    ['zapatillas blancas', 'white'],
    ['tênis pretos', 'black'],
    ['viatu vyeusi', 'black'],
    ['kanga ya kijani', 'green'],
    ['grey hoodie', 'grey'],
  ])('names the colour in %j in English (%s)', (text, colour) => {
    expect(extractStructuredEntities(text).colour).toBe(colour)
  })
})
