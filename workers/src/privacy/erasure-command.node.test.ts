import { describe, expect, it } from 'vitest'
import { erasureAnswer, erasureRequestLanguage } from './erasure-command'

describe('the "delete my data" command', () => {
  it.each([
    ['delete my data', 'en'],
    ['Please delete my data!', 'en'],
    ['can you erase all my information', 'en'],
    ['forget me', 'en'],
    ['supprimer mes données', 'fr'],
    ['Supprimez mes donnees svp', 'fr'],
    ['effacer toutes mes données personnelles', 'fr'],
    ['borrar mis datos', 'es'],
    ['Por favor, elimina mis datos.', 'es'],
    ['apagar meus dados', 'pt'],
    ['quero excluir os meus dados', 'pt'],
    ['Futa data yangu', 'sw'],
    ['tafadhali futa taarifa zangu', 'sw'],
  ])('recognises %j as %s', (text, lang) => {
    expect(erasureRequestLanguage(text)).toBe(lang)
  })

  it.each(['delete', 'my data', 'how do you use my data?', 'delete my order', 'supprimer ma commande', 'borrar el carrito', 'stop', 'data yangu iko wapi'])(
    'leaves %j to the bot',
    (text) => {
      expect(erasureRequestLanguage(text)).toBeNull()
    },
  )

  it('reads the answer to the prompt from a button or a typed yes/no in each language', () => {
    expect(erasureAnswer({ kind: 'action', text: '', actionId: 'privacy:erase' })).toBe('yes')
    expect(erasureAnswer({ kind: 'action', text: '', actionId: 'privacy:keep' })).toBe('no')
    expect(erasureAnswer({ kind: 'action', text: '', actionId: 'menu' })).toBeNull()
    for (const yes of ['YES', 'oui', 'Sí', 'sim', 'Ndiyo']) expect(erasureAnswer({ kind: 'text', text: yes })).toBe('yes')
    for (const no of ['no', 'Non', 'não', 'hapana']) expect(erasureAnswer({ kind: 'text', text: no })).toBe('no')
    expect(erasureAnswer({ kind: 'text', text: 'yes, the red ones' })).toBeNull()
  })
})
