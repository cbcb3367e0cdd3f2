export type Sentiment = 'positive' | 'neutral' | 'negative'

// Small multilingual lexicons (en, fr, es, pt, sw, id). Commerce captions are short, so a few
// strong words and emoji carry most of the signal.
const POSITIVE_WORDS = [
  'love', 'loving', 'loved', 'amazing', 'awesome', 'best', 'beautiful', 'gorgeous', 'stunning', 'perfect', 'great', 'excellent',
  'quality', 'premium', 'obsessed', 'cute', 'adorable', 'fire', 'lit', 'comfy', 'cosy', 'cozy', 'soft', 'elegant', 'classy', 'fresh',
  'favourite', 'favorite', 'fav', 'happy', 'glow', 'slay', 'yummy', 'delicious', 'recommend', 'wow', 'nice', 'good', 'clean',
  'affordable', 'restocked', 'bestseller', 'bestselling', 'exclusive', 'luxury', 'stylish', 'trendy',
  'magnifique', 'sublime', 'superbe', 'beau', 'belle', 'parfait', 'parfaite', 'adore', 'génial', 'top', 'incroyable', 'qualité',
  'hermoso', 'hermosa', 'precioso', 'preciosa', 'bonito', 'bonita', 'increíble', 'perfecto', 'perfecta', 'encanta', 'calidad',
  'lindo', 'linda', 'maravilhoso', 'maravilhosa', 'perfeito', 'perfeita', 'amei', 'amo', 'qualidade', 'incrível', 'lindíssimo',
  'nzuri', 'bora', 'safi', 'poa', 'murembo', 'cantik', 'bagus', 'keren', 'mantap', 'đẹp', 'xinh', 'ganda', 'maganda',
]
const NEGATIVE_WORDS = [
  'bad', 'worst', 'terrible', 'awful', 'horrible', 'broken', 'damaged', 'scam', 'fake', 'disappointed', 'disappointing',
  'hate', 'poor', 'cheaply', 'ripped', 'torn', 'refund', 'waste', 'rude', 'ugly', 'angry', 'defective',
  'problem', 'problems', 'issue', 'issues', 'stolen', 'missing', 'wrong', 'sad', 'sadly', 'unfortunately', 'complaint',
  'nul', 'nulle', 'arnaque', 'déçu', 'déçue', 'cassé', 'horrible', 'malo', 'mala', 'estafa', 'roto', 'decepcionado', 'decepcionada',
  'ruim', 'péssimo', 'péssima', 'golpe', 'quebrado', 'mbaya', 'wizi', 'jelek', 'rusak', 'penipu', 'tệ', 'lừa',
]
const POSITIVE_EMOJI = ['🔥', '😍', '❤', '💕', '💖', '💗', '💓', '💞', '🥰', '😘', '😊', '🤩', '✨', '💯', '👏', '🙌', '👍', '💎', '🤍', '🖤', '💛', '💚', '💙', '💜', '🧡', '🤗', '😎', '🎉', '🥳', '⭐', '🌟', '💋', '😋', '🤤']
const NEGATIVE_EMOJI = ['😡', '🤬', '😠', '👎', '💔', '😤', '🤮', '😞', '😒', '🙄', '😩', '😫', '🚫']
const NEGATORS = new Set(['not', "don't", 'dont', 'no', 'never', "isn't", "wasn't", 'ne', 'pas', 'jamais', 'nunca', 'não', 'nao', 'sio', 'si', 'hakuna', 'tidak', 'bukan'])

const POS = new Set(POSITIVE_WORDS)
const NEG = new Set(NEGATIVE_WORDS)

/** Positive / neutral / negative from lexicon words (negation flips the next two words) and emoji. */
export function detectSentiment(text: string): { sentiment: Sentiment; score: number } {
  let score = 0
  const words = text.toLowerCase().match(/[\p{L}']+/gu) ?? []
  let negateFor = 0
  for (const w of words) {
    const sign = negateFor > 0 ? -1 : 1
    if (POS.has(w)) score += sign
    else if (NEG.has(w)) score -= sign
    negateFor = NEGATORS.has(w) ? 2 : Math.max(0, negateFor - 1)
  }
  for (const e of POSITIVE_EMOJI) score += Math.min(2, text.split(e).length - 1)
  for (const e of NEGATIVE_EMOJI) score -= Math.min(2, text.split(e).length - 1) * 1.5
  const sentiment: Sentiment = score >= 1 ? 'positive' : score <= -1 ? 'negative' : 'neutral'
  return { sentiment, score: Math.round(score * 100) / 100 }
}
