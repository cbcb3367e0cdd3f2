import { useSyncExternalStore } from 'react'

/** Light, dark, or whatever the device prefers; kept in localStorage, applied as `.dark` on <html>. */
export type ThemeChoice = 'light' | 'dark' | 'system'

const KEY = 'linkhub-theme'
const listeners = new Set<() => void>()
const media = typeof window !== 'undefined' ? window.matchMedia('(prefers-color-scheme: dark)') : null

const read = (): ThemeChoice => {
  const v = typeof localStorage !== 'undefined' ? localStorage.getItem(KEY) : null
  return v === 'light' || v === 'dark' ? v : 'system'
}

export function applyTheme(choice: ThemeChoice = read()) {
  const dark = choice === 'dark' || (choice === 'system' && !!media?.matches)
  document.documentElement.classList.toggle('dark', dark)
}

export function setTheme(choice: ThemeChoice) {
  if (choice === 'system') localStorage.removeItem(KEY)
  else localStorage.setItem(KEY, choice)
  applyTheme(choice)
  for (const l of listeners) l()
}

media?.addEventListener('change', () => applyTheme())

export function useTheme(): ThemeChoice {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l)
      return () => listeners.delete(l)
    },
    read,
    () => 'system',
  )
}
