// Function words and caption filler in the languages the parser reads (en, fr, es, pt, sw, id).
// Used to keep tags, SEO keywords and product names free of noise.
const WORDS = `
a an the and or but if of to in on at by for from with without into onto over under up down out off this that these those
it its it's is are was were be been being am do does did have has had i me my mine we us our you your yours he she his her
they them their what which who whom when where why how all any both each few more most other some such no nor not only own
same so than too very can will just should now here there get got grab yours one two three new brand also please pls plz
via per each only available today tomorrow week weekend day days link bio dm inbox order orders ordering shop shopping buy
sale price prices code promo off discount free delivery shipping call text whatsapp follow comment send message click tap
like share save check out more info details guys everyone let's lets im i'm ya yes yeah wow omg pov ad
le la les un une des du de et ou en au aux ce ces cet cette mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs
je tu il elle nous vous ils elles est sont pour par avec sans sur dans qui que quoi pas plus très tout tous toute toutes
el los las una unos unas del y o en con sin por para que qué es son muy más mi mis tu tus su sus nuestro nuestra ya aquí
o os as um uma uns umas do da dos das e em no na nos nas com sem por pra para que é são muito mais meu minha seu sua aqui
na ya wa kwa za la ni kwenye hii hizi sasa tu bei pia au lakini sana kila
dan atau di ke dari yang ini itu untuk dengan ada aja cuma ya
`
/** Lower-case stop words. */
export const STOP_WORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter(Boolean))

/** Hashtags that say "please show this" rather than what is sold. */
export const GENERIC_HASHTAGS: ReadonlySet<string> = new Set([
  'fyp',
  'foryou',
  'foryoupage',
  'fypシ',
  'fy',
  'viral',
  'trending',
  'trend',
  'explore',
  'xyzbca',
  'tiktok',
  'tiktokviral',
  'parati',
  'pourtoi',
  'paravoce',
  'paravocê',
  'fypage',
  'viralvideo',
  'duet',
  'stitch',
  'tiktokmademebuyit',
  'smallbusiness',
  'smallbusinesscheck',
  'shopsmall',
  'supportsmallbusiness',
  'blackownedbusiness',
  'tiktokshop',
  'ootd',
  'haul',
])
