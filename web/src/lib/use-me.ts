/** Who is signed in (shared by the app shell and every feature: features never import each other). */
import { useQuery } from '@tanstack/react-query'
import { ApiError, api } from './api-client'

export type Role = 'owner' | 'staff' | 'viewer'
export type Me = {
  user: { id: string; email: string; name: string }
  merchant: { id: string; slug: string; name: string; defaultCurrency: string; role: Role } | null
  shops: { merchantId: string; slug: string; name: string; role: Role }[]
}

export const ME_KEY = ['me'] as const

/** The signed-in user and shop; `data` is null when nobody is signed in. */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async () => {
      try {
        return await api<Me>('/api/auth/me')
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null
        throw err
      }
    },
    staleTime: 60_000,
  })
}

const RANK: Record<Role, number> = { viewer: 0, staff: 1, owner: 2 }
export const hasRole = (me: Me | null | undefined, min: Role) => !!me?.merchant && RANK[me.merchant.role] >= RANK[min]
