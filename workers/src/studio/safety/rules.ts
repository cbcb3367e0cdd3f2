import type { SafetyCategory } from '../../../../contracts/studio'

export type FieldKind = 'say' | 'onScreen' | 'caption' | 'hashtags'

/** A commerce rule: a pattern, what it means, and where it applies. */
export type CommerceRule = {
  id: string
  category: SafetyCategory
  decision: 'review' | 'block'
  re: RegExp
  message: string
  fields?: FieldKind[]
  /** Only on this platform (links and phones in a TikTok caption). */
  platform?: string
}

const W = '(?<![\\p{L}\\p{N}])'
const E = '(?![\\p{L}\\p{N}])'
const rx = (body: string) => new RegExp(`${W}(?:${body})${E}`, 'giu')

const DISEASES =
  'cancer|tumou?rs?|diabetes|hiv|aids|covid(?:-19)?|malaria|arthritis|infections?|diseases?|illness(?:es)?|acne|eczema|psoriasis|depression|anxiety|hypertension|high blood pressure|infertility|impotence|erectile dysfunction|asthma|ulcers?|hair loss|baldness|fibroids|typhoid|kisukari|saratani|ukimwi|câncer|cancro|diabetes|cáncer|enfermedad(?:es)?|doenças?'

export const COMMERCE_RULES: CommerceRule[] = [
  // health and cure claims
  {
    id: 'health.cure',
    category: 'health_claim',
    decision: 'block',
    re: rx(`(?:cures?|cured|curing|heals?|healing|treats?|prevents?|reverses?|eliminates?|fights?|kills?)\\s+(?:[\\p{L}-]+\\s+){0,3}?(?:${DISEASES})`),
    message: 'Health or cure claim: products may not promise to treat or prevent a disease.',
  },
  {
    id: 'health.cure-sw-pt-es',
    category: 'health_claim',
    decision: 'block',
    re: rx(
      `(?:inatibu|hutibu|huponya|inaponya|dawa ya)\\s+(?:[\\p{L}]+\\s+){0,2}?(?:${DISEASES})|(?:cura|curar|trata|previne|previene|elimina)\\s+(?:[\\p{L}]+\\s+){0,2}?(?:${DISEASES})`,
    ),
    message: 'Health or cure claim: products may not promise to treat or prevent a disease.',
  },
  {
    id: 'health.miracle',
    category: 'health_claim',
    decision: 'block',
    re: rx(
      'miracle (?:cure|pill|cream|oil|tea|remedy)|medical miracle|doctor[- ]approved|clinically proven|fda[- ]approved|guaranteed weight loss|weight loss guaranteed|lose \\d+\\s?(?:kg|kgs|kilos|lbs|pounds) in \\d+ (?:days?|weeks?)|burns? (?:belly )?fat (?:fast|overnight)|detox(?:es)? your (?:body|liver|blood|kidneys)|boosts? (?:your )?immun\\w*|anti-?cancer|cure for|no side effects|cura milagrosa|remédio milagroso|remedio milagroso',
    ),
    message: 'Health claim the shop cannot prove (medical effect, weight loss, "no side effects").',
  },
  // guarantees
  {
    id: 'guarantee.word',
    category: 'guarantee',
    decision: 'review',
    re: rx(
      'guaranteed?|guarantees|100\\s?% (?:results?|guaranteed|effective|satisfaction|success)|money[- ]back|risk[- ]free|results in \\d+ (?:days?|hours?)|garantizad[oa]s?|garantid[oa]s?|resultados garantizados|resultado garantido|imehakikishwa|uhakika wa asilimia mia',
    ),
    message: 'A guarantee ("guaranteed", "100% results") needs the shop to stand behind it.',
  },
  // prohibited goods
  {
    id: 'prohibited.weapons',
    category: 'prohibited_goods',
    decision: 'block',
    re: rx(
      '(?<!(?:water|glue|massage|nail|heat|spray|staple|toy|nerf|paint|caulk|caulking|grease|squirt|bubble|tattoo|foam|lint|hair) )(?:guns?|pistols?|rifles?|firearms?|handguns?|revolvers?|shotguns?)(?! (?:metal|grey|gray|shot|holder|case for))|ammo|ammunition|live rounds|tasers?|stun guns?|brass knuckles|knuckle dusters?|switchblades?|silencers?|bunduki|armas? de fogo|pistolas?|municiones|munição',
    ),
    message: 'Weapons and ammunition may not be sold or promoted.',
  },
  {
    id: 'prohibited.drugs',
    category: 'prohibited_goods',
    decision: 'block',
    re: rx(
      'cocaine|heroin|crystal meth|methamphetamine|mdma|ecstasy pills|lsd (?:tabs|blotters?)|acid tabs|marijuana|cannabis|(?<!sea |goat )weed(?! (?:killer|whacker|eater|control|barrier|puller|trimmer|wacker))|kush|thc|cbd|edibles|shrooms|magic mushrooms|xanax|oxycontin|oxycodone|fentanyl|tramadol|codeine syrup|bangi|miraa|khat|maconha|cocaína|heroína|drogas|mota',
    ),
    message: 'Drugs and controlled substances may not be sold or promoted.',
  },
  {
    id: 'prohibited.counterfeit',
    category: 'prohibited_goods',
    decision: 'block',
    re: new RegExp(
      `${W}(?:replicas?|réplicas?|1\\s?:\\s?1(?! (?:scale|ratio|mix|mixing))|aaa\\+? ?(?:copy|copies|quality|grade|replica)|first copy|master copy|mirror (?:quality|copy)|super ?copy|fake (?:designer|brand|gucci|rolex|nike|adidas|louis vuitton|lv|iphone)|knock-?offs?|imitação|imitación|copia (?:exacta|triple a|aaa))${E}`,
      'giu',
    ),
    message: 'Counterfeit goods ("replica", "1:1", "AAA copy") may not be sold.',
  },
  // financial promises
  {
    id: 'financial.promise',
    category: 'financial_promise',
    decision: 'block',
    re: rx(
      'double your (?:money|investment|income)|guaranteed (?:returns?|profits?|income|earnings)|get rich(?: quick)?|earn (?:[$€£₦]|ksh ?|kes ?)?\\d[\\d,.]*k? ?(?:\\w+ )?(?:per|a|every|each) (?:day|week|month)|passive income|risk-free investment|\\d+\\s?% (?:returns?|roi|profit|interest) (?:daily|weekly|monthly|guaranteed)|investment opportunity|forex signals|crypto signals|make money fast|quick money|financial freedom|pata pesa haraka|ganhe dinheiro (?:rápido|fácil)|dinero fácil|gana dinero rápido',
    ),
    message: 'Financial promise: earnings or returns may not be promised.',
  },
  // off-platform payment lures
  {
    id: 'payment.send-money',
    category: 'off_platform_payment',
    decision: 'review',
    re: rx(
      '(?:send|transfer|wire|tuma) (?:the )?(?:money|payment|pesa|deposit|cash)(?: first)? (?:to|via|kwa|on)(?: (?:my|this|our|the))?(?: number| account| till)?(?: [+0]\\d[\\d\\s-]{6,})?',
    ),
    message: 'Asks for a payment outside the order flow (send money to a number).',
  },
  {
    id: 'payment.crypto-giftcard',
    category: 'off_platform_payment',
    decision: 'review',
    re: rx(
      'pay (?:via|with|using|in|by) (?:crypto|bitcoin|btc|usdt|ethereum|eth|gift ?cards?|western union|moneygram|itunes cards?)|(?:bitcoin|btc|usdt|crypto) (?:only|payments? only|accepted)|gift ?cards? (?:only|accepted)|pay (?:upfront|in advance|a deposit) (?:to|via|on)|deposit (?:first|before (?:delivery|we ship))|paga(?:r)? (?:con|com) (?:cripto|bitcoin)|pix antecipado',
    ),
    message: 'Payment by crypto, gift cards or an up-front transfer is a common scam lure.',
  },
  // personal data in what is shown or posted
  {
    id: 'personal.email',
    category: 'personal_data',
    decision: 'block',
    re: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/giu,
    message: 'An email address in the caption or on screen exposes personal data.',
    fields: ['caption', 'onScreen'],
  },
  {
    id: 'personal.national-id',
    category: 'personal_data',
    decision: 'block',
    re: rx(
      '(?:national id|id (?:no|number|#)|passport (?:no|number)|ssn|social security(?: number)?|kra pin|nin|bvn|cpf|rg|dni|nif|nida|kitambulisho)\\.?:?\\s*#?\\s*[a-z]?\\d[\\d\\s.-]{5,}[a-z]?|\\d{3}\\.\\d{3}\\.\\d{3}-\\d{2}|\\d{3}-\\d{2}-\\d{4}',
    ),
    message: 'An identity number in the caption or on screen exposes personal data.',
    fields: ['caption', 'onScreen'],
  },
  // links in a TikTok caption
  {
    id: 'contact.url',
    category: 'contact_in_caption',
    decision: 'review',
    re: /(?:https?:\/\/|www\.)[^\s]+|(?<![\p{L}\p{N}@.])(?:wa\.me|t\.me|bit\.ly|linktr\.ee)\/[^\s]*|(?<![\p{L}\p{N}@.])[\p{L}\p{N}-]+\.(?:com|net|org|shop|store|co\.ke|co\.tz|co\.ug|co\.za|com\.br|com\.ng|ng|ke|io|me|link)(?:\/[^\s]*)?(?![\p{L}\p{N}])/giu,
    message: 'TikTok limits links in post captions; put the link in the profile.',
    fields: ['caption', 'onScreen'],
    platform: 'tiktok',
  },
]

/** "0712 345 678", "+254 712 345678": phone numbers, found the way the caption parser masks them. */
export function phoneSpans(text: string, mask: (t: string) => string): { start: number; end: number }[] {
  const masked = mask(text)
  const out: { start: number; end: number }[] = []
  let i = 0
  while (i < text.length) {
    if (masked[i] === text[i]) {
      i++
      continue
    }
    // a masked run: everything the mask blanked, with the spaces inside the number
    let j = i
    while (j < text.length && (masked[j] !== text[j] || (masked[j] === ' ' && j + 1 < text.length && masked[j + 1] !== text[j + 1]))) j++
    out.push({ start: i, end: j })
    i = j
  }
  return out
}

const EMOJI = /\p{Extended_Pictographic}/gu

/** Shouting and emoji spam: many all-caps words, emoji floods, "!!!!!". */
export function spamSpans(text: string): { start: number; end: number; message: string }[] {
  const out: { start: number; end: number; message: string }[] = []
  const words = [...text.matchAll(/[\p{L}]{3,}/gu)]
  const caps = words.filter((m) => m[0] === m[0].toUpperCase() && m[0] !== m[0].toLowerCase())
  if (caps.length >= 6 && caps.length / words.length >= 0.7) {
    const first = caps[0] as RegExpMatchArray
    const last = caps[caps.length - 1] as RegExpMatchArray
    out.push({ start: first.index as number, end: (last.index as number) + last[0].length, message: 'Mostly capital letters reads as shouting (spam risk).' })
  }
  const emoji = [...text.matchAll(EMOJI)]
  if (emoji.length >= 8) {
    const first = emoji[0] as RegExpMatchArray
    const last = emoji[emoji.length - 1] as RegExpMatchArray
    out.push({
      start: first.index as number,
      end: (last.index as number) + last[0].length,
      message: `${emoji.length} emoji: emoji floods are treated as spam.`,
    })
  } else
    for (const m of text.matchAll(/(\p{Extended_Pictographic})(?:\uFE0F?\u200D?\p{Extended_Pictographic}|\uFE0F?\1){3,}/gu))
      out.push({ start: m.index, end: m.index + m[0].length, message: 'Repeated emoji read as spam.' })
  for (const m of text.matchAll(/[!?]{4,}/g)) out.push({ start: m.index, end: m.index + m[0].length, message: 'Runs of "!!!!" read as spam.' })
  return out
}
