/*
 * Word lists: "naughty-words" 1.2.0, the List of Dirty, Naughty, Obscene and Otherwise Bad Words
 * by Shutterstock (LDNOOBW), licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).
 * Used unmodified; the studio drops, at match time, the entries listed below that are ordinary
 * shop words ("nude heels", "kinky hair", "madera maciza", "saco", "comer").
 * English profanity with variants comes from "obscenity" (MIT).
 */

import en from 'naughty-words/en.json'
import es from 'naughty-words/es.json'
import pt from 'naughty-words/pt.json'
import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity'
import { fold, wholeWords } from './normalise'

// Entries that in a shop's caption almost always mean something innocent (colours, fabrics,
// hair types, animals, everyday verbs), or name an identity rather than insult it.
const COMMERCE_WORDS: Record<string, string[]> = {
  en: [
    'big black',
    'jelly donut',
    'hot chick',
    'tight white',
    'tied up',
    'hard core',
    'hardcore',
    'girl on',
    'taste my',
    'tongue in a',
    'twinkie',
    'strap on',
    'panty',
    'panties',
    'nipple',
    'nipples',
    'nude',
    'kinky',
    'escort',
    'negro',
    'xx',
    'sexy',
    'suck',
    'sucks',
    'butt',
    'tit',
    'snatch',
    'domination',
    'swinger',
    'santorum',
    'poof',
    'mong',
    'spunk',
    'babeland',
    'playboy',
    'dirty pillows',
    'chocolate rosebuds',
    'scat',
    'skeet',
    'booty call',
    'dog style',
    'doggie style',
    'eunuch',
    'fecal',
    'rectum',
    'grope',
    'bondage',
    'leather restraint',
    'leather straight jacket',
    'tainted love',
    'violet wand',
    'spread legs',
    'sultry women',
    'homoerotic',
    'sexuality',
    'sexual',
    'sexually',
    's&m',
  ],
  es: ['concha', 'maciza', 'trio', 'martillo', 'infierno', 'heroína', 'drogas', 'asno', 'pis', 'orina', 'pezón', 'travesti', 'racista', 'asesinato'],
  pt: [
    'amador',
    'aranha',
    'ariano',
    'burro',
    'camisinha',
    'cerveja',
    'comer',
    'consolo',
    'frango assado',
    'grelho',
    'heterosexual',
    'homosexual',
    'homem gay',
    'bissexual',
    'lésbica',
    'inferno',
    'mama',
    'pinto',
    'saco',
    'torneira',
    'passar um cheque',
    'dum raio',
    'bumbum',
    'heroína',
    'cocaína',
    'aborto',
    'pau',
    'boob',
    'fecal',
  ],
}

const LISTS: Record<string, string[]> = { en, es, pt }
const commerceSets = new Map<string, Set<string>>()

/** A list entry the studio treats as an ordinary shop word in this language (English always applies). */
export function isCommerceWord(word: string, language: string): boolean {
  const primary = language.toLowerCase().split(/[-_]/)[0] ?? 'en'
  for (const lang of new Set(['en', primary])) {
    let set = commerceSets.get(lang)
    if (!set) {
      set = new Set((COMMERCE_WORDS[lang] ?? []).map((w) => fold(w).text))
      commerceSets.set(lang, set)
    }
    if (set.has(word)) return true
  }
  return false
}
const cache = new Map<string, RegExp | null>()

/** The whole-word matcher of a language's list (English always joins: sellers mix it in). */
export function wordListMatcher(language: string): { lang: string; re: RegExp | null }[] {
  const primary = language.toLowerCase().split(/[-_]/)[0] ?? 'en'
  const langs = primary === 'en' || !LISTS[primary] ? ['en'] : ['en', primary]
  return langs.map((lang) => {
    if (!cache.has(lang)) {
      const drop = new Set((COMMERCE_WORDS[lang] ?? []).map((w) => fold(w).text))
      cache.set(
        lang,
        wholeWords(
          (LISTS[lang] ?? []).filter((w) => !drop.has(fold(w).text)),
          true,
        ),
      )
    }
    return { lang, re: cache.get(lang) ?? null }
  })
}

/** Terms that are profane however they are embedded ("bullshit", "fuckery"); the rest must stand as a whole word. */
export const STRONG_TERMS = new Set(['fuck', 'shit', 'cunt', 'bitch', 'motherfucker', 'nigger', 'faggot', 'asshole', 'bastard', 'whore', 'slut'])

/** Words that contain a strong term but are not profane. */
export const SAFE_WORDS = new Set([
  'shiitake',
  'shitake',
  'scunthorpe',
  'cockburn',
  'bitchin',
  'matsushita',
  'mishit',
  'shittim',
  'fuckeln',
  'cocktail',
  'peacock',
  'assassin',
  'assassins',
  'bassist',
  'classic',
])

let matcher: RegExpMatcher | null = null
export function obscenityMatcher(): { matcher: RegExpMatcher; dataset: typeof englishDataset } {
  matcher ??= new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers })
  return { matcher, dataset: englishDataset }
}
