import { z } from 'zod'

export const taxonomyCategorySchema = z.object({
  slug: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  keywords: z.array(z.string().min(1)),
})
export const taxonomySchema = z.array(taxonomyCategorySchema).min(1)

export type TaxonomyCategory = z.infer<typeof taxonomyCategorySchema>
export type Taxonomy = z.infer<typeof taxonomySchema>

/**
 * The hub's default product taxonomy, as data so a merchant can copy and edit it (add a
 * category, add keywords in their language) and pass it back to `categorise`. Keywords are
 * lower-case words or phrases in English, French, Spanish, Portuguese, Swahili and a little
 * Indonesian/Vietnamese; a trailing "s"/"es" plural is matched automatically.
 */
export const DEFAULT_TAXONOMY: Taxonomy = [
  {
    slug: 'apparel',
    name: 'Apparel',
    keywords: [
      'dress', 'shirt', 't-shirt', 'tee', 'top', 'blouse', 'jeans', 'denim', 'trousers', 'pants', 'shorts', 'skirt', 'jacket', 'coat',
      'hoodie', 'sweater', 'jumper', 'cardigan', 'leggings', 'bra', 'lingerie', 'swimsuit', 'bikini', 'matching set', 'two-piece',
      'abaya', 'kaftan', 'boubou', 'ankara', 'saree', 'lehenga', 'kurta', 'gomesi', 'kemis', 'dashiki', 'kitenge', 'jersey', 'suit',
      'robe', 'jupe', 'chemise', 'pantalon', 'veste', 'vestido', 'camisa', 'camiseta', 'falda', 'blusa', 'chaqueta', 'biquíni',
      'calça', 'saia', 'nguo', 'gauni', 'shati', 'baju', 'kaos', 'áo', 'beanie', 'outfit', 'puffer', 'tees', 'mitumba', 'onesie',
    ],
  },
  {
    slug: 'shoes',
    name: 'Shoes',
    keywords: [
      'shoe', 'sneakers', 'sneaker', 'trainers', 'heels', 'sandals', 'slides', 'boots', 'loafers', 'slippers', 'flats', 'jordan',
      'air force', 'yeezy', 'chaussures', 'baskets', 'talons', 'zapatos', 'zapatillas', 'tenis', 'tênis', 'sapato', 'sandália',
      'chinelo', 'viatu', 'sepatu', 'giày', 'crocs', 'mules', 'pumps', 'stilettos',
    ],
  },
  {
    slug: 'bags',
    name: 'Bags',
    keywords: [
      'bag', 'handbag', 'tote', 'backpack', 'purse', 'clutch', 'crossbody', 'wallet', 'luggage', 'suitcase', 'sac', 'sac à main',
      'bolso', 'bolsa', 'mochila', 'carteira', 'mkoba', 'tas', 'túi', 'túi xách',
    ],
  },
  {
    slug: 'accessories',
    name: 'Accessories',
    keywords: [
      'scarf', 'hat', 'cap', 'belt', 'sunglasses', 'glasses', 'watch', 'strap', 'hijab', 'headband', 'gloves', 'tie', 'socks',
      'hair clip', 'phone case', 'case', 'foulard', 'écharpe', 'chapeau', 'ceinture', 'montre', 'bufanda', 'gorra', 'cinturón',
      'reloj', 'lenço', 'boné', 'cinto', 'relógio', 'kofia', 'wig', 'perruque', 'peruca', 'bonnet',
    ],
  },
  {
    slug: 'jewelry',
    name: 'Jewelry',
    keywords: [
      'jewelry', 'jewellery', 'necklace', 'earrings', 'earring', 'ring', 'bracelet', 'anklet', 'pendant', 'chain', 'hoops', 'hoop',
      'jhumkas', 'jhumka', 'beads', 'collier', 'bague', 'boucles', 'collar', 'pendientes', 'aretes', 'anillo', 'pulsera', 'colar',
      'brinco', 'anel', 'pulseira', 'shanga', 'cheni', 'kalung', 'anting', 'piercing', 'ピアス',
    ],
  },
  {
    slug: 'beauty',
    name: 'Beauty',
    keywords: [
      'makeup', 'lipstick', 'lip gloss', 'lip oil', 'gloss', 'foundation', 'concealer', 'mascara', 'eyeliner', 'palette', 'skincare',
      'skin care', 'serum', 'moisturizer', 'moisturiser', 'cream', 'body cream', 'lotion', 'shea butter', 'soap', 'perfume', 'parfum',
      'fragrance', 'oud', 'nails', 'lashes', 'hair', 'human hair', 'bone straight', 'braids', 'shampoo', 'sunscreen', 'maquillage',
      'maquillaje', 'perfume', 'labial', 'batom', 'maquiagem', 'creme', 'vipodozi', 'mafuta', 'son môi', 'lip', 'cosmetics',
    ],
  },
  {
    slug: 'health',
    name: 'Health',
    keywords: [
      'supplement', 'vitamins', 'vitamin', 'protein', 'collagen', 'tea', 'detox', 'herbal', 'capsules', 'probiotic', 'wellness',
      'massage', 'pharmacy', 'mask', 'sanitizer', 'weight loss', 'slimming', 'dawa', 'suplemento', 'chá',
    ],
  },
  {
    slug: 'home',
    name: 'Home',
    keywords: [
      'candle', 'candles', 'pillow', 'cushion', 'bedding', 'duvet', 'sheets', 'curtains', 'rug', 'vase', 'decor', 'home decor', 'mug',
      'plates', 'cookware', 'kitchen', 'pot', 'furniture', 'sofa', 'chair', 'table', 'lamp', 'mirror', 'towel', 'tongs', 'apron',
      'jebena', 'coffee set', 'bougie', 'coussin', 'vela', 'cojín', 'almofada', 'mshumaa', 'apartment', 'bedroom',
    ],
  },
  {
    slug: 'electronics',
    name: 'Electronics',
    keywords: [
      'speaker', 'headphones', 'earbuds', 'airpods', 'laptop', 'tablet', 'ipad', 'charger', 'power bank', 'camera', 'tv', 'television',
      'console', 'playstation', 'ps5', 'xbox', 'smartwatch', 'bluetooth', 'cable', 'drone', 'jbl', 'écouteurs', 'audífonos', 'fones',
      'spika', 'gadget', 'ring light',
    ],
  },
  {
    slug: 'phones',
    name: 'Phones',
    keywords: [
      'phone', 'iphone', 'smartphone', 'samsung', 'galaxy', 'android', 'pixel', 'tecno', 'infinix', 'itel', 'xiaomi', 'redmi', 'oppo',
      'huawei', 'téléphone', 'teléfono', 'celular', 'celulares', 'điện thoại',
    ],
  },
  {
    slug: 'food',
    name: 'Food',
    keywords: [
      'cake', 'cakes', 'bolo', 'cookies', 'bread', 'juice', 'snacks', 'chocolate', 'coffee', 'honey', 'spices', 'sauce', 'shito',
      'jollof', 'chin chin', 'mandazi', 'chai', 'samosa', 'pizza', 'burger', 'meal', 'food', 'drinks', 'smoothie', 'gâteau',
      'pastel', 'comida', 'brigadeiro', 'chakula', 'kue', 'bánh', 'passion juice',
    ],
  },
  {
    slug: 'kids',
    name: 'Kids',
    keywords: [
      'kids', 'baby', 'toddler', 'toddlers', 'children', 'toys', 'toy', 'diapers', 'stroller', 'school uniform', 'enfant', 'bébé',
      'niños', 'bebé', 'crianças', 'bebê', 'watoto', 'mtoto', 'anak',
    ],
  },
  {
    slug: 'sports',
    name: 'Sports',
    keywords: [
      'gym', 'fitness', 'yoga', 'running', 'football', 'soccer', 'basketball', 'ball', 'dumbbells', 'weights', 'bike', 'bicycle',
      'cycling', 'tennis racket', 'sportswear', 'activewear', 'sports bra', 'mtb', 'sport', 'deporte', 'esporte', 'mpira',
    ],
  },
  {
    slug: 'automotive',
    name: 'Automotive',
    keywords: [
      'car', 'cars', 'truck', 'suv', 'sedan', 'coupe', 'motorcycle', 'motorbike', 'tyres', 'tires', 'rims', 'engine', 'toyota', 'honda',
      'nissan', 'ford', 'bmw', 'mercedes', 'royal enfield', 'car parts', 'spare parts', 'voiture', 'coche', 'carro', 'gari', 'pikipiki',
      'boda', 'mobil', 'miles', 'smog',
    ],
  },
  {
    slug: 'books',
    name: 'Books',
    keywords: ['book', 'books', 'novel', 'ebook', 'journal', 'planner', 'notebook', 'stationery', 'livre', 'libro', 'livro', 'kitabu', 'buku'],
  },
  {
    slug: 'services',
    name: 'Services',
    keywords: [
      'service', 'services', 'booking', 'appointment', 'lessons', 'class', 'course', 'photography', 'makeup artist', 'hairdresser',
      'salon', 'barber', 'cleaning', 'repair', 'delivery service', 'consultation', 'coaching', 'rent', 'rental', 'for rent',
    ],
  },
  { slug: 'other', name: 'Other', keywords: [] },
]

function stripAccents(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').normalize('NFC')
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

export type CategoriseInput = {
  /** The caption (or any text about the product). */
  text: string
  /** Product names found in it: a keyword in a product name counts double. */
  products?: readonly string[]
  hashtags?: readonly string[]
}

const compiled = new WeakMap<Taxonomy, Array<{ slug: string; res: RegExp[] }>>()

function compile(taxonomy: Taxonomy) {
  let c = compiled.get(taxonomy)
  if (!c) {
    c = taxonomy.map((cat) => ({
      slug: cat.slug,
      res: cat.keywords.map(
        (k) => new RegExp(`(?<![\\p{L}\\p{N}])${escape(stripAccents(k.toLowerCase()))}(?:s|es)?(?![\\p{L}\\p{N}])`, 'u'),
      ),
    }))
    compiled.set(taxonomy, c)
  }
  return c
}

/**
 * The best category slug of `taxonomy` for a caption: keyword hits in product names weigh 2,
 * in hashtags 1.5, elsewhere 1; ties go to the category listed first. Returns the slug `other`
 * (or the taxonomy's last slug when it has no `other`) when nothing matches.
 */
export function categorise(input: CategoriseInput, taxonomy: Taxonomy = DEFAULT_TAXONOMY): string {
  const text = stripAccents(input.text.toLowerCase())
  const products = (input.products ?? []).map((p) => stripAccents(p.toLowerCase()))
  const tags = (input.hashtags ?? []).map((h) => stripAccents(h.toLowerCase()))
  let best: { slug: string; score: number } | null = null
  for (const { slug, res } of compile(taxonomy)) {
    let score = 0
    for (const re of res) {
      if (re.test(text)) score += 1
      if (products.some((p) => re.test(p))) score += 2
      if (tags.some((t) => re.test(t))) score += 1.5
    }
    if (score > 0 && (!best || score > best.score)) best = { slug, score }
  }
  if (best) return best.slug
  return taxonomy.find((c) => c.slug === 'other')?.slug ?? (taxonomy[taxonomy.length - 1] as TaxonomyCategory).slug
}
