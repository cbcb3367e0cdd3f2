/** Who is signed in (shared by the app shell and every feature: features never import each other). */
import { useQuery } from '@tanstack/react-query'
import type { InferResponseType } from 'hono/client'
import { ApiError, call, client } from './api-client'

/** The signed-in user, their active shop and every shop they belong to (GET /api/auth/me). */
export type Me = InferResponseType<typeof client.api.auth.me.$get, 200>
export type Role = Me['shops'][number]['role']

export const ME_KEY = ['me'] as const

/** The signed-in user and shop; `data` is null when nobody is signed in. */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async () => {
      try {
        return await call(client.api.auth.me.$get())
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

/** Logs out: revokes this session and clears the cookie. */
export const logout = () => call(client.api.auth.logout.$post())
