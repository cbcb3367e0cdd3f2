import { describe, expect, it } from 'vitest'
import { findCtas } from './ctas'
import { findDiscountCodes, findDiscountPercents } from './discounts'

const types = (text: string) => findCtas(text).map((c) => c.type)

describe('calls to action', () => {
  it.each([
    ['link in bio', 'link_in_bio'],
    ['lien en bio', 'link_in_bio'],
    ['enlace en la bio', 'link_in_bio'],
    ['link na bio', 'link_in_bio'],
    ['shop now', 'shop_now'],
    ['compra ya', 'shop_now'],
    ['nunua sasa', 'shop_now'],
    ['agiza sasa', 'shop_now'],
    ['DM to order', 'dm_to_order'],
    ['commandez en DM', 'dm_to_order'],
    ['chama no direct', 'dm_to_order'],
    ['tuma DM', 'dm_to_order'],
    ['order on WhatsApp', 'whatsapp'],
    ['chama no zap', 'whatsapp'],
    ['call or text 555-201-7788', 'call_phone'],
    ['piga simu 0712 345 678', 'call_phone'],
    ['visit our store in Kampala', 'visit_store'],
    ['tap the orange cart', 'tiktok_shop'],
    ['follow for more', 'follow'],
    ['suivez-moi', 'follow'],
  ])('recognises "%s" as %s', (text, type) => {
    expect(types(text)).toContain(type)
  })

  it('reads the keyword of "comment SHOP and I\'ll send the link"', () => {
    expect(findCtas("Comment SHOP and I'll send you the link")).toContainEqual({ type: 'comment_keyword', keyword: 'SHOP' })
  })

  it('finds no call to action in a caption that asks for nothing', () => {
    expect(types('Get ready with me for date night, thoughts?')).toEqual([])
  })
})

describe('discount codes and percentages', () => {
  it.each([
    ['use code SAVE20 at checkout', 'SAVE20'],
    ['code: BLACKFRIDAY takes 30% off', 'BLACKFRIDAY'],
    ['promo code kiddies', 'kiddies'],
    ['Code promo NOEL15 pour -15%', 'NOEL15'],
    ['usa el código RUN10', 'RUN10'],
    ['cupom DOCE10 na primeira compra', 'DOCE10'],
  ])('finds the code in "%s"', (text, code) => {
    expect(findDiscountCodes(text).map((c) => c.code)).toEqual([code])
  })

  it('does not take prose after "code" for a code', () => {
    expect(findDiscountCodes('I have the activation code. Use the code at checkout')).toEqual([])
  })

  it('reads "20% off" and "-30%" as discounts but not "100% cotton"', () => {
    expect(findDiscountPercents('20% off today, -30% on bags, 100% cotton, 50% polyester').map((d) => d.percent)).toEqual([20, 30])
  })
})
