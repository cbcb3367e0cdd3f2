import type { OutboundMessage } from '../bot/engine/outbound'

/** The bot's languages. */
export type ErasureLanguage = 'en' | 'fr' | 'es' | 'pt' | 'sw'

/** Lower case, accents and punctuation dropped, spaces collapsed: "Supprimer mes données !" → "supprimer mes donnees". */
export const normaliseCommand = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()

const VERBS: Record<ErasureLanguage, string> = {
  en: '(?:delete|erase|remove|wipe|forget)',
  fr: '(?:supprimer|supprimez|supprime|effacer|effacez|efface|oublier|oubliez)',
  es: '(?:borrar|borra|borre|borren|eliminar|elimina|elimine|suprimir|suprime)',
  pt: '(?:apagar|apaga|apague|excluir|exclua|exclui|eliminar|elimina|elimine|remover|remova|deletar|delete)',
  sw: '(?:futa|ondoa|sahau)',
}
const OBJECTS: Record<ErasureLanguage, string> = {
  en: '(?:my|all my) (?:data|information|details|personal data|messages and data)',
  fr: '(?:mes|toutes mes) (?:donnees|informations|donnees personnelles)',
  es: '(?:mis|todos mis) (?:datos|datos personales|informacion)',
  pt: '(?:meus|os meus|todos os meus|minhas|as minhas) (?:dados|dados pessoais|informacoes)',
  sw: '(?:data|taarifa|maelezo) (?:yangu|zangu)',
}

const REQUESTS = (Object.keys(VERBS) as ErasureLanguage[]).map((lang) => ({
  lang,
  pattern: new RegExp(`(?:^| )${VERBS[lang]} ${OBJECTS[lang]}(?: |$)`),
}))
const FORGET_ME: Array<{ lang: ErasureLanguage; pattern: RegExp }> = [
  { lang: 'en', pattern: /^(?:please )?forget me$/ },
  { lang: 'fr', pattern: /^oubliez moi$/ },
]

/**
 * Whether a message asks to delete the shopper's data ("delete my data", "supprimer mes
 * données", "borrar mis datos", "apagar meus dados", "futa data yangu", with or without please,
 * accents or punctuation), and in which language; null when it does not.
 */
export function erasureRequestLanguage(text: string): ErasureLanguage | null {
  const t = normaliseCommand(text)
  if (!t || t.length > 120) return null
  for (const r of [...REQUESTS, ...FORGET_ME]) if (r.pattern.test(t)) return r.lang
  return null
}

const YES = /^(?:yes|y|yes delete|yes please|oui|oui supprimer|si|si borrar|sim|sim apagar|ndiyo|ndio|ndiyo futa|confirm|confirmer|confirmar)$/
const NO = /^(?:no|n|non|nao|hapana|cancel|annuler|cancelar|keep|garder|guardar|manter)$/

/** The shopper's answer to the confirmation prompt: a tapped button or a typed yes / no in any of the languages. */
export function erasureAnswer(event: { kind: string; text: string; actionId?: string }): 'yes' | 'no' | null {
  if (event.kind === 'action') return event.actionId === ERASE_ACTION ? 'yes' : event.actionId === KEEP_ACTION ? 'no' : null
  if (event.kind !== 'text') return null
  const t = normaliseCommand(event.text)
  return YES.test(t) ? 'yes' : NO.test(t) ? 'no' : null
}

export const ERASE_ACTION = 'privacy:erase'
export const KEEP_ACTION = 'privacy:keep'

const TEXTS: Record<ErasureLanguage, { ask: string; yes: string; no: string; done: string; kept: string }> = {
  en: {
    ask: 'Delete your data from {shop}? Your messages, name and chat details will be erased. Your orders stay on record for the shop’s accounts, without your name, contact or address. Reply YES to confirm.',
    yes: 'Yes, delete',
    no: 'No, keep',
    done: 'Done: your data was deleted from {shop}. Your messages, name and chat details are gone; your orders are kept without your name, contact or address. Write again any time to start over.',
    kept: 'OK, nothing was deleted.',
  },
  fr: {
    ask: 'Supprimer vos données chez {shop} ? Vos messages, votre nom et les détails de la discussion seront effacés. Vos commandes restent dans la comptabilité de la boutique, sans nom, contact ni adresse. Répondez OUI pour confirmer.',
    yes: 'Oui, supprimer',
    no: 'Non, garder',
    done: 'C’est fait : vos données ont été supprimées chez {shop}. Vos messages, votre nom et les détails de la discussion sont effacés ; vos commandes sont gardées sans nom, contact ni adresse.',
    kept: 'D’accord, rien n’a été supprimé.',
  },
  es: {
    ask: '¿Borrar tus datos de {shop}? Se borrarán tus mensajes, tu nombre y los datos del chat. Tus pedidos quedan en la contabilidad de la tienda, sin tu nombre, contacto ni dirección. Responde SÍ para confirmar.',
    yes: 'Sí, borrar',
    no: 'No, conservar',
    done: 'Listo: tus datos se borraron de {shop}. Tus mensajes, tu nombre y los datos del chat ya no están; tus pedidos se conservan sin tu nombre, contacto ni dirección.',
    kept: 'De acuerdo, no se borró nada.',
  },
  pt: {
    ask: 'Apagar os seus dados da {shop}? As suas mensagens, o seu nome e os dados da conversa serão apagados. Os seus pedidos ficam na contabilidade da loja, sem nome, contacto nem morada. Responda SIM para confirmar.',
    yes: 'Sim, apagar',
    no: 'Não, manter',
    done: 'Pronto: os seus dados foram apagados da {shop}. As suas mensagens, o seu nome e os dados da conversa foram apagados; os pedidos ficam sem nome, contacto nem morada.',
    kept: 'Está bem, nada foi apagado.',
  },
  sw: {
    ask: 'Futa data yako kutoka {shop}? Ujumbe wako, jina lako na maelezo ya mazungumzo yatafutwa. Oda zako zitabaki kwenye hesabu za duka, bila jina, mawasiliano wala anwani. Jibu NDIYO kuthibitisha.',
    yes: 'Ndiyo, futa',
    no: 'Hapana, acha',
    done: 'Imekamilika: data yako imefutwa kutoka {shop}. Ujumbe wako, jina lako na maelezo ya mazungumzo yamefutwa; oda zako zimebaki bila jina, mawasiliano wala anwani.',
    kept: 'Sawa, hakuna kilichofutwa.',
  },
}

const fill = (text: string, shop: string) => text.replace('{shop}', shop)

export const erasurePrompt = (lang: ErasureLanguage, shop: string): OutboundMessage => ({
  kind: 'buttons',
  text: fill(TEXTS[lang].ask, shop),
  buttons: [
    { id: ERASE_ACTION, title: TEXTS[lang].yes },
    { id: KEEP_ACTION, title: TEXTS[lang].no },
  ],
})
export const erasureDone = (lang: ErasureLanguage, shop: string): OutboundMessage => ({ kind: 'text', text: fill(TEXTS[lang].done, shop) })
export const erasureKept = (lang: ErasureLanguage): OutboundMessage => ({ kind: 'text', text: TEXTS[lang].kept })

export const isErasureLanguage = (v: unknown): v is ErasureLanguage => typeof v === 'string' && Object.hasOwn(TEXTS, v)
