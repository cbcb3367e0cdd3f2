import {
  findUserByEmail,
  freeMerchantSlug,
  getUserById,
  insertMembership,
  insertMerchant,
  insertUser,
  listMembershipsOfUser,
} from '../../../db/queries/accounts'
import { findUserByIdentity, hasTwoFactor, insertIdentity } from '../../../db/queries/sign-in'
import type { SignInMethod } from '../../../db/schema'
import type { Database } from '../../../db/types'
import type { SecretKeys } from '../bot/crypto'
import { AppError } from '../errors'
import { reserveLogin } from '../middleware/rate-limit'
import { GOOGLE_PROVIDER, type GoogleIdentity } from './google'
import { loadMe } from './me'
import { verifyPassword } from './password'
import { createSession, type SessionOrigin } from './sessions'
import { checkSecondFactor } from './two-factor'

/** "The first factor was given; a code must follow", kept in the browser's sealed `lh_2fa` cookie. */
export type PendingSecondFactor = { userId: string; method: SignInMethod; next: string }
/** "This Google account may be linked to that user once they give the password", in `lh_link`. */
export type PendingLink = { subject: string; email: string; userId: string; next: string }

export type SignInResult =
  | { kind: 'session'; token: string; me: Awaited<ReturnType<typeof loadMe>>; next: string }
  | { kind: 'second_factor'; pending: PendingSecondFactor }

/** Not a hash any password matches: accounts made with Google have no password until they set one. */
export const NO_PASSWORD = 'none'

/**
 * The last step of every sign-in: a user with two-factor on who has not given a code yet gets a
 * pending second factor instead of a session; anyone else a session in their first shop.
 */
export async function signInUser(
  db: Database,
  input: { userId: string; method: SignInMethod; secondFactor?: boolean; next?: string } & { origin: SessionOrigin },
): Promise<SignInResult> {
  const next = input.next ?? '/'
  if (!input.secondFactor && (await hasTwoFactor(db, input.userId)))
    return { kind: 'second_factor', pending: { userId: input.userId, method: input.method, next } }
  const [first] = await listMembershipsOfUser(db, input.userId)
  const merchantId = first?.merchantId ?? null
  const { token } = await createSession(db, { userId: input.userId, merchantId, method: input.method, secondFactor: !!input.secondFactor, ...input.origin })
  return { kind: 'session', token, next, me: await loadMe(db, { userId: input.userId, merchantId, role: first?.role }) }
}

const UNVERIFIED = 'your Google account has not verified this email address, so it cannot sign in here; log in with your password instead'

/**
 * After Google vouched for someone: a linked account signs in; a verified email of an existing
 * account must be linked with that account's password first (answered `link`); a new verified
 * email gets a new account and shop. An unverified email never links nor creates an account.
 */
export async function signInWithGoogle(
  db: Database,
  identity: GoogleIdentity,
  input: { origin: SessionOrigin; next: string },
): Promise<SignInResult | { kind: 'link'; link: PendingLink }> {
  const linked = await findUserByIdentity(db, { provider: GOOGLE_PROVIDER, subject: identity.subject })
  if (linked) return signInUser(db, { userId: linked, method: 'google', next: input.next, origin: input.origin })
  if (!identity.emailVerified) throw new AppError('forbidden', UNVERIFIED)
  const existing = await findUserByEmail(db, identity.email)
  if (existing) return { kind: 'link', link: { subject: identity.subject, email: identity.email, userId: existing.id, next: input.next } }
  const name = identity.name || identity.email.split('@')[0]
  const userId = await db.transaction(async (tx) => {
    const user = await insertUser(tx, { email: identity.email, name: identity.name, passwordHash: NO_PASSWORD })
    const shopName = `${name}'s shop`.slice(0, 100)
    const shop = await insertMerchant(tx, { slug: await freeMerchantSlug(tx, shopName), name: shopName })
    await insertMembership(tx, { merchantId: shop.id, userId: user.id, role: 'owner' })
    await insertIdentity(tx, { provider: GOOGLE_PROVIDER, subject: identity.subject, userId: user.id, email: identity.email })
    return user.id
  })
  return signInUser(db, { userId, method: 'google', next: input.next, origin: input.origin })
}

/**
 * Links the pending Google account to the existing account once its password is given (counted
 * by the login rate limit), then signs in with Google.
 */
export async function linkGoogleAccount(db: Database, input: { link: PendingLink | null; password: string; origin: SessionOrigin }): Promise<SignInResult> {
  const { link } = input
  if (!link) throw new AppError('unauthorized', 'the link request has expired; continue with Google again')
  const attempt = await reserveLogin(db, link.email, input.origin.ip ?? null)
  const user = await getUserById(db, link.userId)
  if (!user || !(await verifyPassword(input.password, user.passwordHash))) throw new AppError('unauthorized', 'wrong password')
  await attempt.succeeded()
  await insertIdentity(db, { provider: GOOGLE_PROVIDER, subject: link.subject, userId: user.id, email: link.email })
  return signInUser(db, { userId: user.id, method: 'google', next: link.next, origin: input.origin })
}

/** The code step of a sign-in: a TOTP code or a recovery code for the pending user. */
export async function verifySecondFactor(
  db: Database,
  key: SecretKeys,
  input: { pending: PendingSecondFactor | null; code: string; origin: SessionOrigin },
): Promise<SignInResult> {
  const { pending } = input
  if (!pending) throw new AppError('unauthorized', 'the sign-in has expired; log in again')
  if (!(await checkSecondFactor(db, key, { userId: pending.userId, code: input.code }))) {
    throw new AppError('unauthorized', 'that code is not right; enter the 6 digits your app shows now, or a recovery code')
  }
  return signInUser(db, { userId: pending.userId, method: pending.method, secondFactor: true, next: pending.next, origin: input.origin })
}
