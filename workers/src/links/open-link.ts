import { getLinkByCode, type ResolvedLink } from '../../../db/queries/links'
import type { Database } from '../../../db/types'
import type { RecordEvents, RequestFacts } from '../analytics/record-events'
import { verifyPassword } from '../auth/password'
import { cachedLink, type EdgeCache, passwordAttempts } from './link-cache'
import { linkTarget } from './link-target'

const CODE = /^[A-Za-z0-9]{4,32}$/
const PASSWORD_TRIES = 10 // failed passwords per link and IP per window

/** What the short-link page answers: a message page, the password form, or the redirect. */
export type LinkOutcome =
  | { kind: 'message'; status: 404 | 410 | 429; title: string; text: string }
  | { kind: 'password'; status: 200 | 401; error?: string }
  | { kind: 'redirect'; location: string }

export type LinkEdge = {
  db: Database
  appUrl: string
  cache: EdgeCache
  record: RecordEvents
  facts: RequestFacts
  ip: string | null
}

const notFound = (text: string): LinkOutcome => ({ kind: 'message', status: 404, title: 'Link not found', text })

/** The link of a code when it can be followed now, else the page that says why not. */
async function usableLink(edge: LinkEdge, code: string): Promise<ResolvedLink | LinkOutcome> {
  if (!CODE.test(code)) return notFound('Check the address; short links look like /l/Ab3dE9x.')
  const link = await cachedLink(edge.cache, code, () => getLinkByCode(edge.db, code))
  if (!link?.enabled || (link.productSlug && link.productStatus !== 'published'))
    return notFound('This link does not exist or has been turned off. Ask the shop for a new one.')
  if (link.expiresAt && new Date(link.expiresAt).getTime() <= Date.now())
    return { kind: 'message', status: 410, title: 'This link has expired', text: 'The offer behind it has ended. Visit the shop for current products.' }
  return link
}

/** Sends the shopper on, recording the click (or QR scan) without waiting on the database. */
function follow(edge: LinkEdge, link: ResolvedLink, via: 'link' | 'qr'): LinkOutcome {
  const target = linkTarget(link, edge.appUrl, via)
  if (!target) return notFound('This link has no destination. Ask the shop for a new one.')
  edge.record([
    {
      merchantId: link.merchantId,
      type: via === 'qr' ? 'qr_scan' : 'link_click',
      linkId: link.id,
      productId: link.productId,
      videoId: link.videoId,
      ref: `L${link.code}`,
      ...edge.facts,
    },
  ])
  return { kind: 'redirect', location: target }
}

/** GET /l/<code>: the redirect, or the password form of a protected link. */
export async function openLink(edge: LinkEdge, input: { code: string; via: 'link' | 'qr' }): Promise<LinkOutcome> {
  const link = await usableLink(edge, input.code)
  if ('kind' in link) return link
  if (link.passwordHash) return { kind: 'password', status: 200 }
  return follow(edge, link, input.via)
}

/** POST /l/<code>: the password form posted back; a wrong password counts against this IP. */
export async function unlockLink(edge: LinkEdge, input: { code: string; via: 'link' | 'qr'; password: string | undefined }): Promise<LinkOutcome> {
  const link = await usableLink(edge, input.code)
  if ('kind' in link) return link
  if (!link.passwordHash) return follow(edge, link, input.via)
  const { origin } = edge.cache
  if ((await passwordAttempts(origin, input.code, edge.ip, false)) >= PASSWORD_TRIES)
    return { kind: 'message', status: 429, title: 'Too many tries', text: 'Wait ten minutes, then try the password again.' }
  const password = input.password ?? ''
  if (!password || !(await verifyPassword(password, link.passwordHash))) {
    await passwordAttempts(origin, input.code, edge.ip, true)
    return { kind: 'password', status: 401, error: 'That password is not right. Check it and try again.' }
  }
  return follow(edge, link, input.via)
}
