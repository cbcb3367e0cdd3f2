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

describe('calls to action, issue 13 (en/fr/es/pt/sw phrasings)', () => {
  it.each([
    ['Shop via the link on our profile', 'link_in_bio'],
    ['lien dans la bio pour commander', 'link_in_bio'],
    ['link iko kwa bio', 'link_in_bio'],
    ['klik link di bio', 'link_in_bio'],
    ['Message us to place your order', 'dm_to_order'],
    ['Pedidos pelo direct', 'dm_to_order'],
    ['Écrivez-nous en privé pour passer commande', 'dm_to_order'],
    ['Pide el tuyo por mensaje directo', 'dm_to_order'],
    ['inbox tuongee', 'dm_to_order'],
    ['DM kuorder', 'dm_to_order'],
    ['Ni-whatsapp 0788 222 111', 'whatsapp'],
    ['Ring us on 0803 222 4444', 'call_phone'],
    ['text 0701 234 567', 'call_phone'],
    ['Call 65O.283.5O8O', 'call_phone'],
    ['Piga 0712 345 678', 'call_phone'],
    ['Liga pra gente: (21) 3333-4444', 'call_phone'],
    ['Walk in at our Osu branch', 'visit_store'],
    ['Stop by the store and try them on', 'visit_store'],
    ['Venez nous voir à la boutique', 'visit_store'],
    ['Ven a nuestra tienda', 'visit_store'],
    ['Vem conhecer nossa loja', 'visit_store'],
    ['Tap the shopping bag to check out', 'tiktok_shop'],
    ['cliquez sur le panier', 'tiktok_shop'],
    ['Follow kwa updates zaidi', 'follow'],
    ['Tufollow kwa offers', 'follow'],
    ['Grab a pair before they go', 'shop_now'],
    ['Garanta já o seu', 'shop_now'],
  ])('recognises "%s" as %s', (text, type) => {
    expect(types(text)).toContain(type)
  })

  it('reads a message sent to WhatsApp as the whatsapp CTA, not a DM', () => {
    expect(types('Tuma ujumbe WhatsApp 0711 222 333')).toEqual(['whatsapp'])
    expect(types('message us on WhatsApp for orders')).toEqual(['whatsapp'])
    expect(types('Escríbenos al WhatsApp')).toEqual(['whatsapp'])
  })

  it('keeps plain descriptions free of CTAs', () => {
    expect(types('Plain black tees, cotton, 3 for $30. Sizes S to XL')).toEqual([])
    expect(types('Kids sneakers sizes 24-35, restocking Monday')).toEqual([])
    expect(types('Camisetas básicas, tamanhos P ao GG, R$ 39,90')).toEqual([])
  })
})

describe('calls to action from channel cues', () => {
  it.each([
    ['réservez le vôtre en message privé', 'dm_to_order'],
    ['we will inbox you the price list', 'dm_to_order'],
    ['contactez le 6 99 12 34 56', 'call_phone'],
    ['Kwa oda piga au WhatsApp 0754 321 987', 'call_phone'],
    ['Tunapatikana Mlimani City ghorofa ya pili', 'visit_store'],
    ['Agenda tu cita en nuestro showroom de Palermo', 'visit_store'],
    ['bonyeza kikapu kununua', 'tiktok_shop'],
    ['Dale al carrito amarillo', 'tiktok_shop'],
    // Issue 13 follow-up: a buy imperative opening a clause, come + a place, link + bio, buy + cart.
    ['Robe en lin 🌸 achète-la avant samedi', 'shop_now'],
    ['Quedan pocas, cómpralas antes del viernes', 'shop_now'],
    ['Chegou reposição! Compre pelo site', 'shop_now'],
    ['Viatu vipya, nunua kabla havijaisha', 'shop_now'],
    ['Come and see the new range at our stall in Makola', 'visit_store'],
    ['Passez nous voir au marché de Sandaga samedi', 'visit_store'],
    ['Njooni sokoni Gikomba tuko stall 22', 'visit_store'],
    ['le lien est dans ma description', 'link_in_bio'],
    ['Enlaces para comprar en nuestro perfil', 'link_in_bio'],
    ['Compra direto no carrinho da live', 'tiktok_shop'],
    // Second pass (holdout5's misses): location statements, pick-up points, cart of TikTok, "hit us up".
    ['Estamos en el mercado de San Telmo, puesto 4', 'visit_store'],
    ['We are at Westgate Mall, 2nd floor', 'visit_store'],
    ['Find the stall: local 27, Gikomba', 'visit_store'],
    ['Free pick-up from our Kilimani boutique', 'visit_store'],
    ['On est à Cotonou, venez essayer sur place', 'visit_store'],
    ['encuéntralo en el carrito de TikTok', 'tiktok_shop'],
    ['For bulk orders hit us up', 'dm_to_order'],
    ["the link's in my bio", 'link_in_bio'],
    ['Follow and share with a friend', 'follow'],
  ])('recognises "%s" as %s', (text, type) => {
    expect(types(text)).toContain(type)
  })

  it('reads a capitalised keyword to write in the comments', () => {
    expect(findCtas('Type YES in the comments')).toContainEqual({ type: 'comment_keyword', keyword: 'YES' })
    expect(findCtas('Écris MOI en commentaire')).toContainEqual({ type: 'comment_keyword', keyword: 'MOI' })
  })

  it('does not take descriptions for invitations', () => {
    // "come in 3 colours" is the product, "come on the market" a listing, a purchase noun is not a verb.
    expect(types('These sandals come in 3 colours, our shop has them all')).not.toContain('visit_store')
    expect(types('The flat has come on the market for the first time')).not.toContain('visit_store')
    expect(types('Na compra de 2 peças o frete é grátis')).not.toContain('shop_now')
    expect(types('Buy 1, get 2 free')).not.toContain('shop_now')
    expect(types('Nova coleção na nossa loja online, link na bio')).not.toContain('visit_store')
    expect(types('Cosy flat located on Quiet Street near the park')).not.toContain('visit_store')
    expect(types('Follow the link below for photos')).not.toContain('follow')
    // The DM after a comment keyword is the seller's reply, not a channel to order through.
    expect(types('Comenta QUERO que a gente manda o link no direct')).toEqual(['comment_keyword'])
  })

  it('does not call a number that follows a WhatsApp word, nor "5 pm"', () => {
    expect(types('WhatsApp 024 123 4567')).toEqual(['whatsapp'])
    expect(types('Atendimento pelo WhatsApp (11) 91234-5678')).toEqual(['whatsapp'])
    expect(types('Open daily until 5 pm')).toEqual([])
  })
})
