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

// English first, then French, Spanish, Portuguese, Swahili (and a little Indonesian, Tagalog, Vietnamese).
const CTA_PATTERNS: ReadonlyArray<[CtaType, RegExp]> = [
  [
    'link_in_bio',
    rx(
      [
        'link (?:is )?in (?:my |our |the )?(?:bio|profile)',
        'links? in bio',
        'bio link',
        'check (?:my |our |the )?bio',
        '(?:lien|liens) (?:en|dans (?:ma|la|notre)) bio',
        '(?:enlace|link) en (?:la |mi |nuestra )?bio',
        'link (?:na|no|da) (?:bio|perfil)',
        'link kwenye bio',
        'link (?:di|ada di) bio',
        'link ở bio',
        'link sa bio',
      ].join('|'),
    ),
  ],
  [
    'shop_now',
    rx(
      [
        'shop (?:now|today|the look|the link|it)',
        'buy (?:now|it now|today)',
        'order (?:now|today|yours)',
        'get (?:yours|it now)',
        'grab (?:yours|one|it)',
        'add to cart',
        'achetez(?:-le)? (?:maintenant|vite)',
        'commandez (?:maintenant|vite|dès maintenant)',
        'compra (?:ya|ahora|aqu[ií])',
        'c[oó]mpralo',
        'pide (?:ya|el tuyo)',
        'compre (?:j[aá]|agora|aqui)',
        'garanta (?:o|a) (?:seu|sua)',
        'nunua sasa',
        'agiza sasa',
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
        'dm (?:me|us)',
        'send (?:me |us )?a dm',
        'send (?:me |us )?a message',
        'inbox (?:me|us)',
        'message (?:me|us) to order',
        'dms? (?:are |is )?open',
        'commandez? (?:en|par) (?:dm|mp|message priv[ée])',
        '[ée]cri(?:s|vez)(?:-moi|-nous)? en (?:dm|mp|priv[ée])',
        'en (?:dm|mp) pour commander',
        '(?:escr[ií]beme|escr[ií]benos|pedidos|pide) (?:al|por) (?:dm|md|privado|inbox)',
        'm[aá]ndame (?:un )?(?:dm|md|mensaje)',
        '(?:chama|me chama|pede|manda(?: uma)?) (?:no|na|uma|mensagem no) (?:direct|dm|inbox|directo)',
        'chama (?:no )?direct',
        'tuma (?:dm|ujumbe|message|inbox)',
        'nitumie (?:dm|ujumbe)',
        'inbox (?:để|de) (?:đặt|dat)',
        'nhắn tin',
      ].join('|'),
    ),
  ],
  ['whatsapp', rx('whats ?app|whatsap|watsapp|wa\\.me|wasap|wsp|zap(?:zap)?|wpp')],
  [
    'call_phone',
    rx(
      [
        'call (?:or text|\\/ ?text|me|us|now|today|on|at)',
        'call(?=\\s*[:\\-]?\\s*\\+?\\d)',
        'give (?:me|us) a call',
        'text or call',
        'appel(?:ez|le)(?:-nous|-moi)?',
        'll[aá]ma(?:me|nos)?',
        'ligue(?:-nos)?|liga (?:pra|para)',
        'piga simu',
        'tupigie',
        'nipigie',
      ].join('|'),
    ),
  ],
  [
    'visit_store',
    rx(
      [
        'visit (?:our|the|my) (?:store|shop|boutique|showroom|stall|studio)',
        'visit us',
        'walk[- ]?ins? (?:welcome|only)?',
        'come (?:through|visit|see us)',
        'find us (?:at|in)',
        '(?:our )?(?:store|shop) (?:is )?located',
        'passez (?:en|nous voir en|à la) boutique',
        'visitez (?:notre|la) boutique',
        'vis[ií]ta(?:nos)? (?:nuestra )?tienda|vis[ií]tanos',
        'visite (?:nossa|a) loja',
        'tembelea (?:duka|dukani|shop)',
        'karibu dukani',
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
        'shopping (?:cart|basket) (?:below|icon)',
        'panier (?:jaune|orange)',
        'carrito (?:naranja|amarillo)',
        'carrinho (?:laranja|amarelo)',
        'keranjang (?:kuning|oranye)',
        'giỏ hàng',
      ].join('|'),
    ),
  ],
  [
    'follow',
    rx(
      [
        'follow (?:me|us|for|@)',
        'hit follow',
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

const COMMENT_KEYWORD =
  /(?<![\p{L}])(?:comment|commente[zr]?|comenta|comente|andika)\s+(?:the word\s+|le mot\s+|la palabra\s+|a palavra\s+)?["'“‘«]?([\p{L}\p{N}]{2,20})["'”’»]?(?=[\s!.,)]|$)/iu

const COMMENT_STOP = new Set(['below', 'down', 'your', 'if', 'and', 'with', 'what', 'which', 'for', 'on', 'a', 'the', 'ici', 'aqui', 'aquí', 'abajo', 'chini'])

/** Calls to action, in the order the vocabulary lists them. */
export function findCtas(text: string): CtaMention[] {
  const found: CtaMention[] = []
  const comment = COMMENT_KEYWORD.exec(text)
  for (const [type, re] of CTA_PATTERNS) {
    if (re.test(text)) found.push({ type })
  }
  if (comment?.[1] && !COMMENT_STOP.has(comment[1].toLowerCase())) {
    found.push({ type: 'comment_keyword', keyword: comment[1] })
  }
  return CTA_TYPES.flatMap((t) => found.filter((f) => f.type === t).slice(0, 1))
}
