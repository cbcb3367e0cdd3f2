import { guessLanguage } from './language'

export type Sentiment = 'positive' | 'neutral' | 'negative'

// Multilingual lexicons for seller captions (en, fr, es, pt, sw/sheng, plus a little id/vi/tl).
// A seller caption is short and mostly neutral (price, sizes, how to order); it turns positive
// with praise or delight and negative with apologies, delays, lost parcels, warnings about
// scammers and fakes, or complaints. Weights: 1 a clear word, 0.5 a weak one, 1.5 an apology.
// Plural and feminine forms are folded (see `lookup`), so "magnifiques", "divinos", "lindas" need
// no entry of their own.
const POSITIVE: Record<string, number> = {}
const NEGATIVE: Record<string, number> = {}
const add = (into: Record<string, number>, weight: number, words: string) => {
  for (const w of words.split(/\s+/).filter(Boolean)) into[w] = weight
}

add(
  POSITIVE,
  1,
  `love loving loved lovely amazing awesome best beautiful gorgeous stunning perfect perfection great excellent
   obsessed cute adorable fire lit comfy cosy cozy elegant classy favourite favorite fav happy glow
   slay slaying yummy delicious tasty recommend recommended wow nice good incredible fabulous fab
   bestseller bestselling luxury luxurious stylish trendy chic dreamy divine flawless iconic gem
   thank thanks thankful grateful blessed excited exciting superb brilliant fantastic wonderful
   magnifique magnifiques sublime superbe beau belle beaux parfait parfaite adore adorer adorez génial
   géniale incroyable merveilleux merveilleuse joli jolie ravissant ravissante merci heureux heureuse
   hermoso hermosa precioso preciosa bonito bonita increíble increible perfecto perfecta encanta encantan
   divino divina bello bella lindo linda maravilloso maravillosa espectacular gracias mejor feliz
   maravilhoso maravilhosa perfeito perfeita amei amo amamos incrível lindíssimo lindíssima lindeza
   apaixonada apaixonado apaixonante obrigado obrigada deslumbrante sucesso top
   nzuri bomba safi poa murembo mrembo tamu kali noma fiti asante shukrani furaha
   yay omg finally pretty beauty cutest prettiest softest comfiest coziest sleek flattering timeless
   classic dope bomb vibes goals steal stunner
   canon dingue ouf kiffe kiffer craquer craque bravo
   genial brutal bellísimo bellísima hermosura preciosidad chulo chula padrísimo fascina encantará
   maravilha perfeição amando arrasou arrasa diva show lindeza
   bora mzuri wazuri kabambe balaa moto freshi supa hongera
   cantik bagus keren mantap đẹp xinh ganda maganda
   zuri mazuri vizuri kizuri`,
)
add(POSITIVE, 0.5, `quality premium soft fresh clean affordable restocked exclusive qualité calidad qualidade original laini`)
add(
  NEGATIVE,
  1,
  `bad worst terrible awful horrible broken damaged scam scams scammer scammers scammed fake fakes fraud
   fraudsters disappointed disappointing hate poor cheaply ripped torn waste rude ugly angry defective
   stolen wrong sad sadly unfortunately complaint complaints frustrated frustrating delayed delay delays
   lost copying beware impostor impostors pretending impersonating impersonation
   nul nulle arnaque arnaques arnaqueur arnaqueurs déçu déçue cassé malheureusement retard perdu perdus
   perdue perdues désagrément escroc escrocs faux fausse problème mauvais mauvaise
   malo mala estafa estafas estafadores roto rota decepcionado decepcionada lamentablemente demora
   retraso problema falso falsa desafortunadamente perdido perdida
   ruim péssimo péssima golpe golpes golpista golpistas quebrado quebrada infelizmente atraso atrasou
   atrasado falsificado
   mbaya wizi mwizi wezi matapeli tapeli feki jihadhari tatizo shida
   inconvenience unfortunate cancelled canceled hassle
   annulé annulée annulés annulées dommage hélas pénurie volé volée
   cancelado cancelada lástima molestias inconvenientes robado robada tristemente
   transtorno transtornos chateado chateada roubado roubada reclamação
   hasara changamoto
   robbed stole theft robbery robaron robo asaltaron asalto roubaram roubo assaltaram assalto cambriolé cambriolage
   jelek rusak penipu tệ lừa`,
)
add(NEGATIVE, 0.5, `problem problems issue issues missing refund refunds late cuidado makini attention`)
// Apologies weigh more than the thanks that usually close them ("sorry for the delay, thank you for
// your patience" is a negative post).
add(
  NEGATIVE,
  1.5,
  `sorry apologise apologize apologies apology désolé désolée désolés désolées excuses perdón perdon
   disculpa disculpas disculpen desculpa desculpas desculpem samahani radhi`,
)

// Multi-word cues, matched on the lower-cased text.
const PHRASES: ReadonlyArray<[RegExp, number]> = [
  [/game[- ]changer|must[- ]have|can'?t get enough|so good|ça (?:vaut|vaut le coup)|trop bien|vale (?:muito )?a pena|qué rico|muy buen[oa]s?/u, 1],
  [
    /bear with us|thank(?:s| you) for (?:your |the )?(?:patience|understanding)|merci (?:de|pour) (?:votre |la )?(?:patience|compréhension)|gracias por (?:su |tu |la |vuestra )?(?:paciencia|comprensión)|obrigad[oa] pela (?:paci[eê]ncia|compreens[aã]o)|(?:tunaomba|asanteni kwa) uvumilivu/u,
    -1.5,
  ],
  [/out of stock|rupture de stock|sin stock|esgotad[oa]|imeisha/u, -0.5],
  [/(?:pedimos|pido) desculpas|pedimos perd[oó]n|tunaomba radhi|nous nous excusons/u, -0.5],
  [/(?<![\p{L}])(?:pole sana|poleni|que pena|quelle dommage)(?![\p{L}])/u, -1],
  // Swahili inflects by prefix: "inapendeza", "zinapendeza" (looks lovely), "tunasikitika" (we regret),
  // "zitachelewa" (will be delayed), "wameibiwa" (were robbed).
  [/pendez/u, 1],
  [/sikitik/u, -1.5],
  [/chelew/u, -1],
  [/(?:ali|wali|tuli|ni|wame|tume)ibiwa/u, -1],
]

const POSITIVE_EMOJI = [
  '🔥',
  '😍',
  '❤',
  '💕',
  '💖',
  '💗',
  '💓',
  '💞',
  '🥰',
  '😘',
  '😊',
  '🤩',
  '✨',
  '💯',
  '👏',
  '🙌',
  '👍',
  '💎',
  '🤍',
  '🖤',
  '💛',
  '💚',
  '💙',
  '💜',
  '🧡',
  '🤗',
  '😎',
  '🎉',
  '🥳',
  '⭐',
  '🌟',
  '💋',
  '😋',
  '🤤',
  '😻',
  '🙏',
]
const NEGATIVE_EMOJI = ['😡', '🤬', '😠', '👎', '💔', '😤', '🤮', '😞', '😒', '🙄', '😩', '😫', '🚫', '😔', '😢', '😟', '⚠']
const NEGATORS = new Set([
  'not',
  "don't",
  'dont',
  'no',
  'never',
  "isn't",
  "wasn't",
  "aren't",
  "won't",
  'without',
  'zero',
  'ne',
  'pas',
  'jamais',
  'sans',
  'aucun',
  'aucune',
  'nunca',
  'sin',
  'nada',
  'ningún',
  'ninguna',
  'não',
  'nao',
  'sem',
  'nem',
  'nenhum',
  'nenhuma',
  'sio',
  'siyo',
  'hakuna',
  'bila',
  'hatuna',
  'hana',
  'tidak',
  'bukan',
  'tanpa',
  'hindi',
  'walang',
])
// Words that carry no weight but keep the praise before them alive ("poa sana mbaya").
// Sheng uses "mbaya" (bad) as an intensifier right after praise: "fiti mbaya", "kali mbaya".
const INTENSIFIERS = new Set(['sana', 'kabisa', 'so', 'very', 'super', 'trop', 'très', 'muy', 'muito', 'demais'])

/** Weight of a word (positive or negative), folding plurals, feminines and French elision. */
function lookup(word: string): number {
  const forms = [word]
  const apostrophe = word.lastIndexOf("'")
  if (apostrophe >= 0) forms.push(word.slice(apostrophe + 1))
  for (const f of [...forms]) {
    if (/(?:s|x)$/u.test(f) && f.length > 3) forms.push(f.slice(0, -1))
    if (/es$/u.test(f) && f.length > 4) forms.push(f.slice(0, -2))
    if (/as$/u.test(f) && f.length > 4) forms.push(`${f.slice(0, -2)}o`)
  }
  // Elongations: "loooove", "cuteee", "sooo".
  for (const f of [...forms]) {
    if (/(\p{L})\1\1/u.test(f)) forms.push(f.replace(/(\p{L})\1+/gu, '$1'), f.replace(/(\p{L})\1{2,}/gu, '$1$1'))
  }
  for (const f of forms) {
    if (f in POSITIVE) return POSITIVE[f]
    if (f in NEGATIVE) return -NEGATIVE[f]
  }
  return 0
}

/**
 * Positive / neutral / negative from lexicon words, phrases and emoji. A negator flips the next
 * two words ("not bad", "no more fakes", "sin problemas"); a negative word right after praise in
 * sheng is an intensifier ("fiti mbaya" is very good).
 */
// Portuguese "no" is "in the" ("no carrinho", "no direct"), not a negation: a caption with ã/õ,
// a word only Portuguese writes, or that reads as Portuguese without its "no" keeps "no" neutral.
const PORTUGUESE_WORDS =
  /(?<![\p{L}])(?:você|voce|pra|pelo|pela|loja|gente|está|tá|muito|também|chegou|demais|estoque|nossa|nosso|seu|sua|já|aqui|frete|entrega|peças?|tamanhos?|agora|cores)(?![\p{L}])/u
const isPortuguese = (lower: string) =>
  /[ãõ]/u.test(lower) || PORTUGUESE_WORDS.test(lower) || guessLanguage(lower.replace(/(?<![\p{L}])no(?![\p{L}])/gu, ' ')) === 'pt'

// "new drop 🔥" is a noun, so English and French verbs need their article ("drop a 🔥"); the
// Spanish, Portuguese and Swahili imperatives are not nouns ("comenta ❤️", "weka 🔥").
const EMOJI_AS_KEYWORD =
  /(?<![\p{L}])(?:(?:drop|comment|send|leave|type|put|post|reply|mets|mettez|envoie|envoyez|[ée]cris)\s+(?:(?:me|us|nous|moi)\s+)?(?:a|an|un|une)|(?:d[ée]jame|d[ée]janos|comenta|comente|deixa|deixe|weka|tuma|andika)(?:\s+(?:un|una|um|uma))?)\s+\p{Extended_Pictographic}\uFE0F?/giu

export function detectSentiment(text: string): { sentiment: Sentiment; score: number } {
  let score = 0
  const lower = text.toLowerCase()
  const words = lower.match(/[\p{L}']+/gu) ?? []
  const noIsArticle = isPortuguese(lower)
  let negateFor = 0
  let previous = 0
  for (const w of words) {
    let weight = lookup(w)
    if (w === 'mbaya' && previous > 0) weight = 0.5
    else if (INTENSIFIERS.has(w)) weight = 0
    if (weight && negateFor > 0) weight = -weight
    score += weight
    if (weight) previous = weight
    else if (!INTENSIFIERS.has(w)) previous = 0
    negateFor = NEGATORS.has(w) && !(w === 'no' && noIsArticle) ? 2 : Math.max(0, negateFor - 1)
  }
  for (const [re, weight] of PHRASES) if (re.test(lower)) score += weight
  // An emoji the shopper is asked to post ("drop a 🔥 below", "comenta ❤️") is a keyword, not a mood.
  const moodText = text.replace(EMOJI_AS_KEYWORD, ' ')
  for (const e of POSITIVE_EMOJI) score += Math.min(2, moodText.split(e).length - 1)
  for (const e of NEGATIVE_EMOJI) score -= Math.min(2, moodText.split(e).length - 1) * 1.5
  const sentiment: Sentiment = score >= 1 ? 'positive' : score <= -1 ? 'negative' : 'neutral'
  return { sentiment, score: Math.round(score * 100) / 100 }
}
