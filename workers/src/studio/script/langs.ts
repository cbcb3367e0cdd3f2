import type { LangPack } from './lang'
import { en } from './lang-en'
import { es } from './lang-es'
import { pt } from './lang-pt'
import { sw } from './lang-sw'

const PACKS: Record<string, LangPack> = { en, sw, pt, es }

/** The template set for a BCP 47 language ("pt-BR" → pt); English with a note for the rest. */
export function langPackOf(language: string): { pack: LangPack; note: string | null } {
  const primary = language.toLowerCase().split(/[-_]/)[0] ?? 'en'
  const pack = PACKS[primary]
  if (pack) return { pack, note: null }
  return { pack: en, note: `no ${primary} templates, English` }
}
