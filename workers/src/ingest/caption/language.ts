export type LanguageGuess = 'en' | 'fr' | 'es' | 'pt' | 'sw' | 'id' | 'vi' | 'ja' | 'und'

const MARKERS: Record<Exclude<LanguageGuess, 'vi' | 'ja' | 'und'>, string[]> = {
  en: ['the', 'and', 'for', 'with', 'only', 'now', 'in', 'link', 'bio', 'your', 'you', 'my', 'our', 'is', 'to', 'each', 'order', 'shop', 'size', 'sizes'],
  fr: ['le', 'la', 'les', 'et', 'pour', 'avec', 'en', 'des', 'du', 'une', 'est', 'lien', 'au', 'lieu', 'nouvelle', 'boutique', 'taille', 'commandez', 'sur'],
  es: ['el', 'los', 'las', 'y', 'para', 'con', 'en', 'del', 'una', 'es', 'enlace', 'precio', 'ahora', 'antes', 'talla', 'envío', 'compra', 'ya', 'por'],
  pt: ['o', 'os', 'as', 'e', 'para', 'pra', 'com', 'em', 'do', 'da', 'na', 'no', 'uma', 'é', 'apenas', 'por', 'tamanho', 'loja', 'chama', 'agora', 'compre'],
  sw: [
    'na',
    'ya',
    'wa',
    'kwa',
    'za',
    'ni',
    'bei',
    'sasa',
    'tu',
    'nunua',
    'agiza',
    'tuma',
    'piga',
    'simu',
    'viatu',
    'vya',
    'kwenye',
    'karibu',
    'tufuate',
    'ama',
  ],
  id: ['dan', 'di', 'ke', 'dari', 'yang', 'ini', 'untuk', 'harga', 'cuma', 'aja', 'ya', 'klik', 'ukuran', 'keranjang', 'sepatu', 'beli'],
}

/** A rough language guess from function words; good enough to pick tag stop words and SEO phrasing. */
export function guessLanguage(text: string): LanguageGuess {
  if (/[\u3040-\u30ff\u4e00-\u9fff]/u.test(text)) return 'ja'
  if (/[ăơưđạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/iu.test(text)) return 'vi'
  const words = text.toLowerCase().match(/[\p{L}]+/gu) ?? []
  let best: LanguageGuess = 'und'
  let bestScore = 0
  for (const [lang, markers] of Object.entries(MARKERS)) {
    const set = new Set(markers)
    const score = words.filter((w) => set.has(w)).length
    if (score > bestScore) {
      bestScore = score
      best = lang as LanguageGuess
    }
  }
  return best
}
