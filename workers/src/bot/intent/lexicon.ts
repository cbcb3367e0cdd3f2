// The phrase lexicon behind the rule classifier.
//
// Each cue is one concept for one intent: a weight and the phrasings (English first, then
// French, Spanish, Portuguese, Swahili) that express it. A cue counts once per message however
// many of its phrasings match. Negative weights take score away ("how much time" is not a price).
//
// Phrase syntax: words separated by spaces, matched in order with up to `gap` (default 2) other
// words between them (a lone "*" just documents the gap); "a|b" is a choice; "deliver*" matches any word starting with "deliver".
// Words are written folded (lower case, no accents): the matcher folds messages the same way and
// tolerates typos in longer words (see normalise.ts).
//
// `learnedFrom` records which real shop's messages (../shared/data/chat) led to a cue. Cues with
// none were written from the issue and general shop language. The evaluation rebuilds the
// lexicon from core + one shop's cues and tests on the other shop, to show how far the language
// learned from one shop carries to another.

import type { Intent } from './intents'

export type ShopSource = 'sofmattress' | 'curekart'

export interface LexiconCue {
  intent: Intent
  weight: number
  phrases: readonly string[]
  learnedFrom?: readonly ShopSource[]
  /** Max words between two phrase words; default 2. */
  gap?: number
  /** Only match when the message has at most this many words beyond the phrase (e.g. a bare "STOP"). */
  maxExtraWords?: number
  /** The matched words name products ("protein"): keep them in the product query. */
  productWords?: boolean
}

const SOF: readonly ShopSource[] = ['sofmattress']
const CURE: readonly ShopSource[] = ['curekart']
const BOTH: readonly ShopSource[] = ['sofmattress', 'curekart']

export const LEXICON: readonly LexiconCue[] = [
  // ── greeting ────────────────────────────────────────────────────────────────
  {
    intent: 'greeting',
    weight: 1.5,
    phrases: [
      'hi', 'hello', 'hey', 'hallo', 'hiya', 'greetings', 'good morning|afternoon|evening', 'how are you',
      'bonjour', 'bonsoir', 'salut', 'coucou', 'ca va',
      'hola', 'buenos dias', 'buenas tardes|noches', 'buenas', 'que tal',
      'ola', 'oi', 'bom dia', 'boa tarde|noite', 'tudo bem',
      'habari', 'jambo', 'hujambo', 'mambo', 'salama', 'shikamoo', 'niaje', 'sasa', 'habari za asubuhi|mchana|jioni',
    ],
  },

  // ── browse_catalog ──────────────────────────────────────────────────────────
  {
    intent: 'browse_catalog',
    weight: 2,
    phrases: [
      'catalog*', 'show me|see|view all|your products|items|collection', 'what do you sell|have',
      'what products|items', 'your products|collection|range', 'all products', 'new arrivals',
      'what can i buy', 'options',
      'catalogue', 'vos produits|articles', 'que vendez vous', 'voir les produits', 'qu est ce que vous vendez',
      'catalogo', 'que venden|vendes|tienen', 'ver productos', 'sus|tus productos',
      'o que voces vendem|tem', 'ver produtos', 'seus produtos', 'quais produtos',
      'bidhaa', 'mna bidhaa gani', 'nionyeshe bidhaa', 'orodha',
    ],
  },
  {
    intent: 'browse_catalog',
    weight: 1.5,
    phrases: ['products'],
  },
  {
    intent: 'browse_catalog',
    weight: 1.5,
    phrases: ['variants', 'types|type of', 'which * best', 'recommend*', 'suggest*', 'show more', 'help me choose', 'what to buy'],
    learnedFrom: BOTH,
  },

  // ── search_product ──────────────────────────────────────────────────────────
  {
    intent: 'search_product',
    weight: 2,
    phrases: [
      'looking for', 'look for', 'search*', 'find me', 'do you have|sell|carry|stock', 'have you got', 'get me',
      'je cherche', 'je recherche', 'avez vous', 'vous avez', 'vendez vous',
      'busco', 'buscando', 'tienen', 'tienes', 'venden',
      'procuro', 'procurando', 'voces tem', 'vende*',
      'natafuta', 'mna', 'mnauza',
    ],
  },
  {
    intent: 'search_product',
    weight: 1,
    phrases: [
      'i want|need', 'i would like', 'want to buy|order|purchase', 'buy', 'purchase', 'show me',
      'je veux|voudrais', 'acheter', 'commander',
      'quiero', 'necesito', 'comprar',
      'quero', 'preciso', 'gostaria',
      'nataka', 'nahitaji', 'kununua', 'kuagiza', 'agiza',
    ],
  },
  { intent: 'search_product', weight: 1.5, phrases: ['supplement*', 'gainer', 'protein', 'vitamin*'], learnedFrom: CURE, productWords: true },
  { intent: 'search_product', weight: 1, phrases: ['best'], learnedFrom: CURE },

  // ── product_question ────────────────────────────────────────────────────────
  {
    intent: 'product_question',
    weight: 2.5,
    phrases: [
      'feature*', 'spec*', 'material', 'made of|from', 'warranty', 'guarantee', 'quality', 'ingredient*',
      'difference between', 'differen*', 'compare|compared|comparison|comparar|comparer', 'which is better', 'size chart', 'what size', 'sizes',
      'dimension*', 'how big', 'how to use', 'does it', 'is it good', 'good for', 'suitable for', 'review*', 'details about',
      'durable', 'last long',
      'caracteristique*', 'garantie', 'matiere', 'quelle taille', 'qualite', 'fait en', 'c est quoi', 'difference',
      'caracteristica*', 'garantia', 'que talla', 'calidad', 'de que esta hecho', 'diferencia',
      'qual tamanho', 'quais tamanhos', 'qualidade', 'do que e feito',
      'ubora', 'dhamana', 'saizi gani', 'imetengenezwa', 'tofauti',
    ],
  },
  {
    intent: 'product_question',
    weight: 1.5,
    phrases: ['what is|are', 'whats', 'who is|are', 'tell me about', 'about', 'why', 'qu est ce que', 'que es', 'o que e', 'ni nini'],
  },
  {
    intent: 'product_question',
    weight: 2.5,
    phrases: ['side effect*', 'expir*', 'original*', 'authentic*', 'genuine', 'fake', 'duplicate'],
    learnedFrom: CURE,
  },
  {
    intent: 'product_question',
    weight: 2.5,
    phrases: ['orthop*', 'back pain|ache|problem', 'backache', 'ergonomic', 'custom size', 'customi*', 'foam', 'inches', 'feet', 'about company'],
    learnedFrom: SOF,
  },

  // ── price_question ──────────────────────────────────────────────────────────
  {
    intent: 'price_question',
    weight: 3,
    phrases: [
      'price*', 'cost*', 'how much', 'pricing', 'rate', 'mrp', 'expensive', 'cheapest',
      'prix', 'combien', 'coute', 'tarif*',
      'precio', 'precios', 'cuanto', 'cuesta',
      'preco', 'precos', 'quanto', 'custa',
      'bei', 'ngapi', 'gharama',
    ],
  },
  {
    intent: 'price_question',
    weight: -3,
    phrases: [
      'how much time|longer|more time', 'how much * wait', 'combien de temps', 'cuanto tiempo|tarda', 'quanto tempo|demora', 'siku ngapi', 'muda gani',
      'how much * discount', 'cost of delivery|shipping', 'how much * delivery|deliver*|shipping|livraison|envio|entrega|frete',
    ],
  },
  { intent: 'price_question', weight: -3, phrases: ['no cost'], learnedFrom: SOF },

  // ── availability_question ───────────────────────────────────────────────────
  {
    intent: 'availability_question',
    weight: 2.5,
    phrases: [
      'in stock', 'out of stock', 'back in stock', 'restock*', 'sold out', 'still have', 'any left',
      'en stock', 'rupture', 'agotado*', 'queda*', 'existencia*', 'em estoque', 'esgotado*', 'ainda tem', 'imeisha',
    ],
  },
  {
    intent: 'availability_question',
    weight: 1.5,
    phrases: ['availab*', 'disponible*', 'disponive*', 'hay', 'ipo', 'zipo', 'inapatikana', 'kupatikana'],
  },

  // ── offers_question ─────────────────────────────────────────────────────────
  {
    intent: 'offers_question',
    weight: 3,
    phrases: [
      'offer*', 'discount*', 'deal', 'deals', 'sale', 'promo*', 'coupon*', 'voucher*', 'cashback', 'percent off',
      'promo code', 'reduction*', 'remise', 'solde*', 'code promo',
      'oferta*', 'descuento*', 'rebaja*', 'cupon*',
      'desconto*', 'cupom', 'liquidacao', 'promocao', 'promocoes',
      'punguzo', 'ofa', 'bei nafuu',
    ],
  },
  { intent: 'offers_question', weight: 1.5, phrases: ['off'] },
  // "do you offer COD / warranty": offer as a verb is not a promotion
  { intent: 'offers_question', weight: -2, phrases: ['you offer|provide'] },
  { intent: 'offers_question', weight: 3, phrases: ['refer*', 'refral', 'earn'], learnedFrom: CURE },
  { intent: 'offers_question', weight: 3, phrases: ['trial', 'try * first', '100 night*|days'], learnedFrom: SOF },

  // ── payment_question ────────────────────────────────────────────────────────
  {
    intent: 'payment_question',
    weight: 3,
    phrases: [
      'pay', 'paying', 'payment*', 'cash on delivery', 'pay on|after delivery', 'cod', 'card', 'mpesa', 'm pesa',
      'mobile money', 'paypal', 'installment*', 'instalment*', 'pay later', 'invoice', 'bill', 'receipt',
      'payer', 'paiement', 'carte', 'facture', 'en plusieurs fois', 'a la livraison',
      'pagar', 'pago*', 'tarjeta', 'contra entrega|reembolso', 'cuotas', 'factura', 'efectivo',
      'pagamento', 'cartao', 'pix', 'boleto', 'parcelar|parcelas|parcelado|parcelamento', 'na entrega',
      'kulipa', 'lipa', 'malipo', 'pesa taslimu', 'risiti',
    ],
  },
  { intent: 'payment_question', weight: 3, phrases: ['emi', 'zero|0|no interest', 'interest free|rate', 'down payment', 'finance'], learnedFrom: SOF },
  { intent: 'payment_question', weight: 3, phrases: ['money * deducted|debited', 'deducted', 'debited', 'prepaid', 'transaction'], learnedFrom: CURE },

  // ── delivery_question ───────────────────────────────────────────────────────
  {
    intent: 'delivery_question',
    weight: 2,
    phrases: [
      'deliver*', 'delivery', 'shipping', 'ship to', 'ship', 'courier', 'how long', 'how many days', 'zip code', 'postcode',
      'international*', 'abroad', 'shipping cost|fee', 'delivery time|charge*|fee*', 'send to', 'arrive',
      'livr*', 'expedition', 'expedier', 'expediez', 'frais de port', 'delai', 'combien de temps',
      'envio*', 'envian', 'entrega*', 'cuanto tarda', 'domicilio',
      'entregam', 'frete', 'prazo', 'quanto tempo', 'cep',
      'kusafirisha', 'usafirishaji', 'mnaleta', 'mnafikisha', 'mnatuma', 'kuletewa', 'siku ngapi', 'kufika',
    ],
  },
  {
    intent: 'delivery_question',
    weight: 2.5,
    phrases: ['pincode', 'pin code', 'deliver here'],
    learnedFrom: BOTH,
  },
  {
    intent: 'delivery_question',
    weight: 2.5,
    phrases: ['if i order|place', 'change * address*', 'address*', 'serviceable', 'out of india'],
    learnedFrom: CURE,
  },
  { intent: 'delivery_question', weight: 2.5, phrases: ['order|place today|now'], learnedFrom: CURE, gap: 0 },
  { intent: 'delivery_question', weight: 2, phrases: ['lockdown', 'covid*', 'curfew', 'pandemic', 'corona*'], learnedFrom: CURE },

  // ── order_status ────────────────────────────────────────────────────────────
  {
    // "my order" is context more than intent: cancelling or returning it is not a status request
    intent: 'order_status',
    weight: 1.5,
    phrases: [
      'my order|orders|parcel|package|shipment|product|item|delivery', 'this order', 'the order',
      'ma commande', 'mon colis', 'mi pedido|orden|paquete|compra', 'meu pedido', 'minha encomenda|compra', 'oda yangu', 'mzigo wangu',
    ],
  },
  { intent: 'order_status', weight: 0.5, phrases: ['order', 'orders', 'commande', 'pedido', 'encomenda', 'oda'] },
  {
    intent: 'order_status',
    weight: 2.5,
    phrases: [
      'order status', 'status', 'track*', 'tracking', 'where is my', 'wheres my', 'order number', 'order * reached',
      'ou est ma|mon', 'suivi', 'suivre', 'donde esta mi', 'seguimiento', 'rastre*', 'onde esta meu|minha', 'cade meu|minha', 'rastreio',
      'iko wapi', 'imefika wapi',
    ],
  },
  {
    intent: 'order_status',
    weight: 2.5,
    phrases: [
      'not * received|arrived|delivered|reached', 'hasnt|havent|isnt|not arrived|received|come|reached|delivered', 'havent received', 'didnt receive|arrive|get', 'delay*', 'late', 'still waiting',
      'so long', 'been * days|weeks|month',
      'pas recu', 'retard', 'no ha llegado', 'no me ha llegado', 'retras*', 'nao chegou', 'atras*', 'sijapokea', 'haijafika', 'kifurushi',
    ],
  },
  {
    intent: 'order_status',
    weight: 2,
    phrases: ['when will * arrive|come|get|receive|delivered', 'when i will get|receive', 'when can * expect', 'how much * wait'],
  },
  {
    intent: 'order_status',
    weight: 2,
    phrases: ['order related|query|queries|issue|problem', 'help * order', 'query * order', 'state of'],
    learnedFrom: BOTH,
  },
  { intent: 'order_status', weight: 2.5, phrases: ['so many days', 'already * month|week*|days', 'month over'], learnedFrom: SOF },
  { intent: 'order_status', weight: -2, phrases: ['if i order|place'] },
  { intent: 'order_status', weight: -2, phrases: ['order|place today|now'], gap: 0 },

  // ── cancel_order ────────────────────────────────────────────────────────────
  {
    intent: 'cancel_order',
    weight: 4,
    phrases: [
      'cancel*', 'call off', 'dont want * anymore', 'stop my order',
      'annuler', 'annulation', 'annule', 'annulez', 'cancelar', 'cancelacion', 'anular', 'cancelamento',
      'ghairi', 'kughairi', 'sitaki tena', 'futa oda',
    ],
  },
  { intent: 'cancel_order', weight: -4, phrases: ['cancelar suscripcion|inscricao|assinatura'] },

  // ── return_exchange ─────────────────────────────────────────────────────────
  {
    intent: 'return_exchange',
    weight: 3.5,
    phrases: [
      'return*', 'refund*', 'exchange', 'replace*', 'money back', 'wrong item|size|product', 'damaged', 'broken',
      'defective', 'not happy', 'send * back', 'take * back', 'mistake', 'wrong item*',
      'retour*', 'rembours*', 'echange*', 'remplac*', 'renvoyer',
      'devolucion', 'devolver', 'reembolso', 'cambio', 'reemplaz*',
      'devolucao', 'troca*', 'dinheiro de volta',
      'kurudisha', 'rudisha', 'kubadilisha', 'badilisha', 'nirudishiwe', 'pesa yangu',
    ],
  },
  { intent: 'return_exchange', weight: -2.5, phrases: ['return trial', 'badilisha anwani', 'change * address'] },

  // ── store_location ──────────────────────────────────────────────────────────
  {
    intent: 'store_location',
    weight: 3,
    phrases: [
      'store', 'stores', 'shop', 'shops', 'showroom*', 'outlet', 'branch', 'where are you located', 'your location',
      'your address', 'visit', 'near me', 'nearby', 'nearest', 'physical', 'offline', 'opening hours',
      'magasin', 'boutique', 'ou etes vous', 'vous etes ou', 'votre adresse', 'situe', 'situee', 'se trouve',
      'are you open', 'what time * open', 'open today',
      'tienda', 'donde estan', 'ubicacion', 'sucursal', 'local',
      'loja', 'onde fica*', 'onde voces', 'endereco da loja', 'localizacao',
      'duka', 'mko wapi', 'ofisi', 'mahali',
    ],
  },
  { intent: 'store_location', weight: 3, phrases: ['dealer*', 'distributor*', 'retailer*', 'head office', 'near by'], learnedFrom: SOF },

  // ── human_handoff ───────────────────────────────────────────────────────────
  {
    intent: 'human_handoff',
    weight: 3.5,
    phrases: [
      'talk|speak|chat to|with', 'human', 'real person', 'live agent|person', 'agent', 'someone', 'anyone', 'representative',
      'customer care|service|support', 'support team', 'call me', 'call|reach|contact you', 'call back', 'callback', 'contact number', 'phone number',
      'your number', 'helpline', 'toll free', 'complain*', 'manager', 'supervisor', 'operator', 'get in touch', 'contact',
      'parler a', 'quelquun', 'humain', 'conseiller', 'service client', 'appelez moi', 'reclamation',
      'hablar con', 'persona', 'humano', 'asesor', 'agente', 'atencion al cliente', 'llamame', 'queja',
      'falar com', 'atendente', 'pessoa', 'atendimento', 'me liga', 'reclamacao',
      'ongea na', 'kuongea na', 'mtu', 'wakala', 'huduma kwa wateja', 'nipigie', 'binadamu',
    ],
  },
  { intent: 'human_handoff', weight: 2, phrases: ['support'] },
  {
    intent: 'human_handoff',
    weight: 3,
    phrases: ['useless', 'fraud', 'pathetic', 'poor|bad service|support', 'waste of', 'urgent*', 'emergency', 'no one * answer*', 'call cent*', 'executive', 'talk'],
    learnedFrom: CURE,
  },

  // ── opt_out ─────────────────────────────────────────────────────────────────
  {
    intent: 'opt_out',
    weight: 5,
    phrases: [
      'unsubscribe', 'opt out', 'stop messag*|sending|texting', 'no more messages', 'remove me', 'dont message',
      'desabonner', 'desinscri*', 'ne plus recevoir', 'arretez de',
      'cancelar suscripcion', 'darme de baja', 'no mas mensajes', 'deja de enviar',
      'descadastr*', 'cancelar inscricao|assinatura', 'nao quero mais mensagens', 'parem de',
      'sitaki ujumbe', 'usinitumie', 'jiondoa', 'acheni kunitumia',
    ],
  },
  { intent: 'opt_out', weight: 5, phrases: ['stop', 'arreter', 'arrete', 'parar', 'pare', 'sair', 'acha', 'baja', 'stop all'], maxExtraWords: 1 },

  // ── out_of_scope ────────────────────────────────────────────────────────────
  {
    intent: 'out_of_scope',
    weight: 3,
    phrases: [
      'weather', 'joke', 'news', 'who are you', 'are you a bot|robot', 'your name', 'football', 'politic*', 'homework',
      'job', 'hiring', 'career*', 'sign up', 'register*', 'password', 'login', 'log in', 'recipe',
      'who won', 'qui a gagne', 'quien gano', 'quem ganhou', 'nani alishinda',
      'meteo', 'blague', 'clima', 'chiste', 'tempo hoje', 'piada', 'hali ya hewa', 'mzaha',
    ],
  },
  {
    intent: 'out_of_scope',
    weight: 3,
    phrases: ['diet*', 'workout', 'fitness', 'advice', 'seller', 'franchise', 'new user', 'goal*', 're assess*', 'reassess*', 'portal', 'cart', 'office'],
    learnedFrom: CURE,
  },
]
