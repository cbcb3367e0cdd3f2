import type { ShortLink } from '../../../db/schema'

export const shortUrl = (appUrl: string, code: string) => `${appUrl}/l/${code}`

/** A link as the API returns it: never its password hash, only whether it has one. */
export function linkView(row: ShortLink, appUrl: string) {
  const { passwordHash, ...rest } = row
  return { ...rest, hasPassword: passwordHash !== null, shortUrl: shortUrl(appUrl, row.code) }
}
