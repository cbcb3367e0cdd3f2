/** The fixed call-to-action vocabulary shared by the rules, the LLM schema and the storefront. */
export const CTA_TYPES = [
  'link_in_bio',
  'shop_now',
  'dm_to_order',
  'comment_keyword',
  'whatsapp',
  'call_phone',
  'visit_store',
  'tiktok_shop',
  'follow',
] as const

export type CtaType = (typeof CTA_TYPES)[number]

export type CtaMention = { type: CtaType /** The word to comment, for `comment_keyword`. */; keyword?: string }

const B = '(?<![\\p{L}\\p{N}])'
const E = '(?![\\p{L}\\p{N}])'
const rx = (body: string) => new RegExp(`${B}(?:${body})${E}`, 'iu')

// A phone number right after the words: "+254 712 345 678", "(21) 3333-4444", "0803-222-4444".
const PHONE = '(?=\\s*[:\\-–]?\\s*(?:\\+|\\()?\\d[\\d\\s().\\-]{6,})'

// English first, then French, Spanish, Portuguese, Swahili/sheng (and a little Indonesian, Tagalog,
// Vietnamese). Each language covers the verb forms shops write: imperative ("commandez"), tu/vous
// ("écris-moi", "écrivez-nous"), first-person plural invitations ("tembelea", "vem conhecer"), and
// the sheng habit of gluing Swahili prefixes onto English verbs ("tufollow", "ni-whatsapp", "kuorder").
const CTA_PATTERNS: ReadonlyArray<[CtaType, RegExp]> = [
  [
    'link_in_bio',
    rx(
      [
        'links? (?:is |are |ya |iko |ipo )?(?:in|on|kwa|kwenye|katika) (?:my |our |the )?(?:bio|profile|page)',
        'links? (?:in|on) (?:my |our |the )?(?:description|comments)',
        'links? in bio',
        'bio link',
        'link (?:below|up top)',
        '(?:via|through|using|from) the link',
        'check (?:my |our |the )?bio',
        '(?:lien|liens) (?:en|dans (?:ma|la|notre|le|mon)) (?:bio|profil)',
        'lien en description',
        '(?:enlace|link|liga) en (?:la |mi |nuestra |el |nuestro )?(?:bio|perfil|descripci[oó]n)',
        'links? (?:na|no|da|do) (?:bio|perfil|descri[çc][aã]o)',
        'link kwa bio',
        'link kwenye (?:bio|profile)',
        '(?:klik )?link (?:di|ada di) bio',
        'link ở bio',
        'link sa bio',
      ].join('|'),
    ),
  ],
  [
    'shop_now',
    rx(
      [
        'shop (?:now|today|the look|the link|it|here|yours)',
        'buy (?:now|it now|today|yours|here|one)',
        'order (?:now|today|yours|here|sasa|leo)',
        'get (?:yours|it now|one now)',
        'grab (?:yours|one|it|them|a pair)',
        'cop (?:now|yours)',
        'add (?:it )?to (?:your )?cart',
        'achetez(?:-le|-la|-les)? (?:maintenant|vite|ici)',
        "commandez(?:-le|-la|-les)? (?:maintenant|vite|dès maintenant|d[eè]s aujourd'hui|ici|le v[oô]tre|la v[oô]tre)",
        'commande(?:z)? vite',
        'foncez',
        'compra(?:lo|la|los|las)? (?:ya|ahora|aqu[ií])',
        'c[oó]mpra(?:lo|la|los|las)',
        'pide (?:ya|ahora|el tuyo|la tuya|los tuyos|las tuyas)',
        'p[ií]de(?:lo|la|los|las) (?:ya|ahora)',
        'cons[ií]gue(?:lo|la|los|las)? (?:ya|ahora|aqu[ií])',
        'cons[ií]gue (?:el tuyo|la tuya)',
        'ordena (?:ya|ahora)',
        'compre (?:j[aá]|agora|aqui|o seu|a sua)',
        'garanta (?:j[aá] )?(?:o|a|os|as) (?:seu|sua|seus|suas)',
        'garanta (?:j[aá]|agora|o seu|a sua)',
        'pe[çc]a (?:j[aá]|agora|o seu|a sua)',
        '(?:ku)?nunua (?:sasa|leo|yako)',
        'kuagiza (?:sasa|leo)',
        'agiza (?:sasa|leo|yako)',
        'chukua yako',
        'beli sekarang',
        'checkout (?:now|na)',
        'mua ngay',
      ].join('|'),
    ),
  ],
  [
    'dm_to_order',
    rx(
      [
        'dm (?:me |us )?(?:to|for) (?:order|orders|ordering|price|prices|pricing|more|details|inquiries|enquiries)',
        '(?:dm|pm|inbox|message) (?:me|us)',
        '(?:send|drop|shoot) (?:me |us )?(?:a )?(?:dm|pm|message|inbox)',
        '(?:via|by|through|in|on|over) (?:the |my |our )?(?:dms?|pm|inbox|direct messages?)',
        'slide (?:in)?to (?:my|our|the) dms',
        'dms? (?:are |is )?open',
        'dm (?:now|today|kuorder|kuagiza|sasa)',
        '(?:contactez|écrivez|ecrivez|écris|ecris)(?:-moi|-nous)? en (?:dm|mp|priv[ée]|inbox)',
        '(?:commandez?|command(?:e|es)|contactez-nous|écrivez-nous) (?:en|par) (?:dm|mp|inbox|message priv[ée]|message)',
        'en (?:dm|mp|inbox|priv[ée]) pour (?:commander|passer commande|les prix|plus)',
        'par (?:dm|mp|message priv[ée]|inbox)',
        '(?:escr[ií]beme|escr[ií]benos|pedidos|pide|p[ií]delo|ordena|pregunta|consulta)s? (?:al|por|en|x|vía|via) (?:dm|md|privado|inbox|mensaje(?: directo| privado)?|direct)',
        '(?:por|x) (?:dm|md|inbox|privado|mensaje directo|mensaje privado)',
        'mensaje (?:directo|privado)',
        '(?:m[aá]nda|env[ií]a)(?:me|nos) (?:un )?(?:dm|md|mensaje|inbox)',
        '(?:chama|me chama|pede|manda(?: uma)?|pedidos|encomendas|chame|fale)(?: a gente| com a gente)? (?:no|na|pelo|pela|via|por|uma|mensagem no) (?:direct|dm|inbox|directo|pv|privado|mensagem)',
        '(?:pelo|no|via) direct',
        'chama (?:no )?direct',
        'tuma (?:dm|ujumbe|message|inbox|sms)',
        'nitumie (?:dm|ujumbe|message)',
        'inbox (?:tuongee|sasa|kuorder|kuagiza|for)',
        'inbox (?:để|de) (?:đặt|dat)',
        'nhắn tin',
      ].join('|'),
    ),
  ],
  ['whatsapp', rx('(?:ni-?|tu-?)?whats ?app|whatsap|watsapp|wa\\.me|wasap|wsp|zap(?:zap)?|wpp|whtsp')],
  [
    'call_phone',
    rx(
      [
        'call (?:or text|\\/ ?text|me|us|now|today|on|at|the number|or whatsapp|\\/ ?whatsapp)',
        // Any digit: sellers obfuscate numbers ("Call 65O.283.5O8O", "call 5twozero").
        'call(?=\\s*[:\\-–]?\\s*(?:\\+|\\()?\\d)',
        `(?:text|sms|ring|phone|tel|t[ée]l|mobile|cell)\\.?${PHONE}`,
        '(?:ring|phone) (?:me|us)',
        'give (?:me|us) a (?:call|ring)',
        'text or call',
        '(?:text|sms) (?:me|us) (?:on|at)',
        `contact (?:me|us) (?:on|at)${PHONE}`,
        'appel(?:ez|le|er)(?:-nous|-moi)?',
        `(?:joignez-nous|contactez(?:-nous)?) au${PHONE}`,
        'll[aá]ma(?:me|nos)?|ll[aá]menos',
        `marca(?:nos)? al${PHONE}`,
        'ligue(?:-nos)?(?: para)?|liga (?:pra|para)|me liga|liga pra gente',
        'piga (?:simu|sasa)',
        `piga${PHONE}`,
        'tupigie',
        'nipigie',
      ].join('|'),
    ),
  ],
  [
    'visit_store',
    rx(
      [
        'visit (?:our|the|my) (?:store|shop|boutique|showroom|stall|studio|branch|outlet|location|office|warehouse)',
        'visit us',
        'walk[- ]?ins? (?:are )?(?:welcome|only)',
        'walk[- ]?in (?:at|to)',
        // "they come in 3 colours / in all sizes" describes the product.
        '(?:pop|come|drop|stop) (?:in(?! (?:\\d|one|two|three|four|five|all|many|various|different|sizes?|colou?rs?|packs?|sets?|black|white|pairs?))|into|by|through|over)(?: (?:our|the|my) (?:store|shop|boutique|showroom|stall|branch))?',
        'come (?:visit|see us|to (?:our|the) (?:store|shop|boutique|showroom))',
        'find us (?:at|in|on)',
        '(?:our )?(?:store|shop|showroom|boutique) (?:is )?located',
        'passez (?:en|nous voir|à la|a la|à notre|a notre) ?(?:boutique)?',
        'venez (?:nous voir|à la boutique|a la boutique|en boutique|nous rendre visite)',
        'visitez (?:notre|la) boutique',
        'rendez-vous (?:à|en|a) (?:la |notre )?boutique',
        'vis[ií]ta(?:nos)?(?: (?:nuestra|la) tienda)?',
        'ven(?:te)? (?:a|al) (?:nuestra |la |nuestro |el )?(?:tienda|local|showroom)',
        'te esperamos en (?:la |nuestra )?(?:tienda|local)',
        'visite(?:m)? (?:nossa|a) loja',
        '(?:vem|venha) (?:conhecer|para|pra|à|a) (?:a )?(?:nossa )?loja',
        'loja f[ií]sica',
        'tembelea (?:duka|dukani|shop|ofisi|showroom)',
        'karibu (?:dukani|duka|shop|ofisini|showroom)',
      ].join('|'),
    ),
  ],
  [
    'tiktok_shop',
    rx(
      [
        'tik ?tok shop',
        '#tiktokshop',
        '(?:orange|yellow) (?:cart|basket|bag)',
        '(?:shopping )?(?:cart|basket|bag) (?:below|icon|button)',
        '(?:tap|click|hit|press)(?: on)? (?:the |that )?(?:shopping |orange |yellow )?(?:cart|basket|bag)',
        'panier (?:jaune|orange)',
        '(?:cliquez|clique|appuyez) sur (?:le )?panier',
        'carrito (?:naranja|amarillo)',
        '(?:toca|dale|clic|haz clic) (?:en |al )?(?:el )?carrito',
        'carrinho (?:laranja|amarelo)',
        '(?:clica|clique|toca|toque) no carrinho',
        'kikapu (?:cha )?(?:njano|machungwa)',
        'keranjang (?:kuning|oranye)',
        'giỏ hàng',
      ].join('|'),
    ),
  ],
  [
    'follow',
    rx(
      [
        'follow (?:me|us|for|@|along|kwa|to|the page|our page|and|&|now)',
        'hit (?:that |the )?follow',
        '(?:tu|ni)-?follow',
        'suivez(?:-moi|-nous)?',
        'abonne[zs]?(?:-toi|-vous)',
        's[ií]gue(?:me|nos)',
        '(?:me |nos )?segue(?:m)?(?: a gente)?',
        'siga(?:-me|-nos)?',
        'nifuate|tufuate|fuata',
      ].join('|'),
    ),
  ],
]

// Compositional cues that do not depend on one exact phrase: a mention of the channel itself
// (DMs, inbox, private message in any of the languages), a tap verb near a cart word, a
// location verb, a keyword in capitals to write in the comments.
const TAP = '(?:tap|click|hit|press|cliquez|clique|appuie[zr]?|toca|toque|dale|pulsa|presiona|clica|bonyeza|gusa|klik)'
const CART = '(?:cart|basket|bag|panier|carrito|carrinho|cesta|kikapu|keranjang)'
// A buy verb in the imperative at the start of a clause (after the start, punctuation, an emoji or
// "and"): "🔥 achetez-les sur le lien", "corre a comprarla", ", compra pelo carrinho". Order verbs are
// left out: "commandez sur WhatsApp" names a channel, not a shop-now button.
const CLAUSE_START = '(?:^|[.!?,;:\\n(]|\\p{Extended_Pictographic}\\uFE0F?|(?<![\\p{L}])(?:and|et|y|e|then|puis|luego|depois))\\s*'
// English "buy" is left to the phrase list: in free text it is as often a description ("buy 1, get 2
// free", "I'll buy it as is": craigslist posts) as an invitation.
const BUY_IMPERATIVE = [
  'ach[eè]te[sz]?(?:-le|-la|-les)?',
  // "compra segura", "compra mínima de", "na compra de 2" are the noun.
  '(?:c[oó]mpra(?!\\s+(?:segura|protegida|garantizada|garantida|m[ií]nima|acima|superior|mayor|de|do|da|del|online)(?![\\p{L}]))|c[oó]mpra(?:lo|la|los|las|te))|corre(?:n)? a comprar(?:lo|la|los|las)?|ll[eé]v(?:a|ate)(?:lo|la|los|las)',
  'compre(?:m)?|garanta(?:m)?|adquira|corre (?:pra|para) comprar',
  'nunua|nunueni',
].join('|')
// Where a place of the shop follows a come/visit verb within a few words: "come shop with us at the
// Saturday market", "passe directement au magasin", "njoo dukani Kongowea".
// "come in 3 colours" is the product, "come on/off the market" a listing, not an invitation.
const COME =
  '(?:come(?! (?:in|on|off)(?![\\p{L}]))|pop|swing|passe[zr]?|passe|venez|viens|ven(?:gan?)? a|vis[ií]ta(?:nos)?|vem|venha(?:m)?|njoo(?:ni)?|fika|karibu|tembelea)'
const PLACE =
  '(?:(?:our|the|my) shop|store|boutique|showroom|stall|market|branch|outlet|magasin|march[ée]|tienda|local|mercado|loja|feira|duka|dukani|soko|sokoni|stand|kibanda|mall|centro comercial|pop-?up|kiosk|kiosko|quiosque|sur place|on site|in person|en persona)'
const BIO = '(?:bio|profile|profil|perfil|description|descripci[oó]n|descri[çc][aã]o)'
const STRICT_CART = '(?:cart|basket|panier|carrito|carrinho|kikapu|keranjang)'
const BUY_VERB = '(?:buy|order|achet\\S*|commande\\S*|compr\\S*|pide|pedir|nunua|kununua|agiza|kuagiza|beli)'
// Where the shop is, said as a statement: "estamos en el centro comercial", "we're at Rua Augusta",
// a unit number ("local 12", "stall 14"), a pick-up point ("pick up available at our showroom").
// Not "located": "apartment located on Quiet Street" is a listing, not an invitation.
const WE_ARE = "(?:estamos|we are|we're|on est|nous sommes|tuko|tupo)"
const STREET = '(?:rua|avenida|av\\.|calle|carrera|rue|avenue|boulevard|street|road|mtaa|barabara)'
const LOCATION_STATEMENTS = [
  `${WE_ARE} (?:en|in|at|à|a|na|no|on|ndani ya) (?:el |la |the |o |a |le )?(?:\\S+ ){0,3}?(?:${PLACE}|${STREET})`,
  '(?:local|stall|stand|kibanda|kiosk) (?:no\\.? ?|n[º°] ?|#)?\\d{1,4}',
  `(?:pick[- ]?ups?|collection|collect|retirada|retiro|retrait) (?:\\S+ ){0,3}?(?:at|from|en|na|no|au|à) (?:our |the |notre |nuestra |nossa )?(?:\\S+ )?${PLACE}`,
].join('|')
// Case matters here (no i flag): "on est à Yaoundé", "we're in Westlands" name the place. ("Our
// Westlands shop will be closed" names one too, but is no invitation.)
const NAMED_PLACE = /(?<![\p{L}])(?:[Oo]n est|[Nn]ous sommes|[Ee]stamos|[Ww]e(?:'re| are)|[Tt]uko|[Tt]upo) (?:à|en|in|at|na|huko) \p{Lu}\p{Ll}/u
// An online shop is not a place to visit ("notre boutique en ligne").
const ONLINE_STORE = /(?:boutique|magasin) en ligne|online (?:store|shop|boutique)|(?:tienda|loja) (?:en l[ií]nea|online|virtual|on-line)|duka la mtandaoni/giu
// "Comenta EU QUERO que mandamos o link no direct": after a comment keyword, the DM is the seller's reply.
const SELLER_REPLY =
  /(?:mand|envi|envoi|send|tuma|tutakutumia|tukutumie)\S*(?:\s+\S+){0,4}?\s+(?:no|pelo|por|en|in|via|by|par|kwa)\s+(?:direct|dms?|inbox|privado|pv|mp|priv[ée])/giu
const CHANNEL_PATTERNS: ReadonlyArray<[CtaType, RegExp]> = [
  ['visit_store', rx(LOCATION_STATEMENTS)],
  ['visit_store', NAMED_PLACE],
  ['shop_now', new RegExp(`${CLAUSE_START}(?:${BUY_IMPERATIVE})(?![\\p{L}\\p{N}])`, 'iu')],
  [
    'visit_store',
    rx(`${COME}(?:\\s+\\S+){0,6}?\\s+(?:(?:au|à|a|al|na|no|en|at|to|in)\\s+)?(?:(?:our|the|my|la|le|notre|nuestra|nuestro|el|nossa|nosso|a|o)\\s+)?${PLACE}`),
  ],
  ['link_in_bio', rx(`(?:links?(?:['’]s)?|liens?|enlaces?|liga)(?:\\s+\\S+){0,4}?\\s+${BIO}`)],
  [
    'tiktok_shop',
    rx(
      `${BUY_VERB}(?: \\S+){0,3} ${STRICT_CART}|${STRICT_CART}(?: \\S+){0,2} ${BUY_VERB}|${STRICT_CART} (?:de |do |du |of |on )?tik ?tok|tik ?tok (?:cart|basket)`,
    ),
  ],
  [
    'dm_to_order',
    rx(
      [
        'dms?|inbox|(?<!\\d\\s?)pm',
        'private messages?|message priv[ée]|messages? priv[ée]s?|mensajes? (?:privados?|directos?)|mensage(?:m|ns) (?:privadas?|diretas?)',
        '(?:en|in|par|por|al|no|pelo|na|kwa|via) (?:priv[ée]|privado|pv|direct|md|mp)',
        '(?:tu|ni|nitu)-?inbox',
        'hit (?:me|us) up|hmu',
      ].join('|'),
    ),
  ],
  ['call_phone', rx('calls?(?: (?:and|or|na|au|ou|o|y|e) (?:whats ?app|texts?|sms))|piga(?= (?:au|ama|or) )|contacte[zr]? le|reach (?:us|me) (?:on|at)')],
  [
    'visit_store',
    rx(
      [
        'tunapatikana|tupo (?:mtaa|ndani|jengo|karibu na)|tuko (?:mtaa|ndani|jengo)',
        // Only the shop's own location: "apartment located at" (a listing) is not an invitation.
        "(?:we(?:'re| are)|(?:shop|store|boutique|showroom|office|stall|branch) (?:is )?) ?located (?:at|in|on|opposite|next to)",
        '(?:en|in|at|to|au|à|a|na|no|nuestro|nuestra|nossa|notre|our) (?:showroom|loja f[ií]sica)',
        '(?:nuestro|nuestra|nossa|notre|our) (?:showroom|tienda|loja|boutique|store|shop) (?:en|de|in|at|on|na|no|da|do|à|a)(?= \\p{Lu})',
        'passa (?:lá |aqui )?na (?:nossa )?loja',
        'cita en (?:nuestro|nuestra|el|la) (?:showroom|tienda|local)',
      ].join('|'),
    ),
  ],
  ['tiktok_shop', rx(`${TAP}(?: \\S+){0,3} ${CART}`)],
]
// "Type YES in the comments", "Écris MOI en commentaire", "andika NUNUA kwa comment".
const COMMENT_IN =
  /(?<![\p{L}])(?:[Tt]ype|[Ww]rite|[Dd]rop|[Ss]ay|[Pp]ut|[ÉéEe]cri(?:s|vez|re)|[Ee]scrib[ae]|[Ee]screve|[Dd]igite|[Aa]ndika)\s+["'“‘«]?([\p{Lu}\p{N}]{2,20})["'”’»]?\s+(?:in the comments?|below|in comments|en commentaires?|dans les commentaires|en (?:los )?comentarios|nos comentários|nos comentarios|kwa comment|kwenye comments?|kwenye maoni)/u

// A phone number with no WhatsApp word just before it is a number to call ("contactez le 6 99 12 34 56").
const PHONE_RUN = /(?<![\p{L}\p{N}])(?:\+|\(|0)\d[\d\s().-]{7,}\d(?![\p{N}])/gu
const WHATSAPP_NEAR = /(?:whats ?app|whatsap|watsapp|wasap|wsp|zap|wpp|wa)\W{0,3}(?:\p{L}+\W{1,3}){0,3}$/iu
function hasCallableNumber(text: string): boolean {
  for (const m of text.matchAll(PHONE_RUN)) {
    if ((m[0].match(/\d/g) ?? []).length < 9) continue
    if (!WHATSAPP_NEAR.test(text.slice(Math.max(0, (m.index ?? 0) - 30), m.index))) return true
  }
  return false
}

// "message us on WhatsApp", "tuma ujumbe WhatsApp", "escríbenos al WhatsApp": the message goes to
// WhatsApp, so it is the whatsapp CTA, not a DM on the platform.
const TO_WHATSAPP =
  /(?<![\p{L}\p{N}])(?:dm|pm|inbox|message|text|send (?:me |us )?a message|ujumbe|sms|mensaje|mensagem|escr[ií]be(?:me|nos)|manda(?:me|nos)?|chama|ni|tu)(?: (?:me|us|nos))?(?:\s+|-)(?:on|via|at|through|kwa|kwenye|por|al|el|no|na|pelo|sur|en)?\s*(?:the )?(?=whats ?app|wa\.me|wasap|wsp|zap|wpp)/giu

const COMMENT_KEYWORD =
  /(?<![\p{L}])(?:comment|commente[zr]?|comenta|comente|andika)\s+(?:the word\s+|le mot\s+|la palabra\s+|a palavra\s+)?["'“‘«]?([\p{L}\p{N}]{2,20})["'”’»]?(?=[\s!.,)]|$)/iu

const COMMENT_STOP = new Set(['below', 'down', 'your', 'if', 'and', 'with', 'what', 'which', 'for', 'on', 'a', 'the', 'ici', 'aqui', 'aquí', 'abajo', 'chini'])

/** Calls to action, in the order the vocabulary lists them. */
export function findCtas(text: string): CtaMention[] {
  const found: CtaMention[] = []
  const comment = COMMENT_KEYWORD.exec(text)
  const commentCue = Boolean(comment?.[1] && !COMMENT_STOP.has(comment[1].toLowerCase())) || COMMENT_IN.test(text)
  const dmText = (commentCue ? text.replace(SELLER_REPLY, ' ') : text).replace(TO_WHATSAPP, ' ')
  const visitText = text.replace(ONLINE_STORE, ' ')
  for (const [type, re] of [...CTA_PATTERNS, ...CHANNEL_PATTERNS]) {
    if (re.test(type === 'dm_to_order' ? dmText : type === 'visit_store' ? visitText : text)) found.push({ type })
  }
  if (hasCallableNumber(text)) found.push({ type: 'call_phone' })
  if (comment?.[1] && !COMMENT_STOP.has(comment[1].toLowerCase())) {
    found.push({ type: 'comment_keyword', keyword: comment[1] })
  }
  const commentIn = COMMENT_IN.exec(text)
  if (commentIn?.[1]) found.push({ type: 'comment_keyword', keyword: commentIn[1] })
  return CTA_TYPES.flatMap((t) => found.filter((f) => f.type === t).slice(0, 1))
}
