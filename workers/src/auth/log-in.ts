import { findUserByEmail } from '../../../db/queries/accounts'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'
import { reserveLogin } from '../middleware/rate-limit'
import { signInUser } from './finish-sign-in'
import { verifyPassword } from './password'
import type { Login } from './schemas'
import type { SessionOrigin } from './sessions'

// A real hash of a random password: unknown emails cost the same PBKDF2 work as known ones,
// so response time does not tell which addresses have accounts.
const DUMMY_HASH = 'pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='

/**
 * Email + password → a new session in the user's first shop, or, with two-factor on, a pending
 * second factor. Rate-limited per account and per IP; an unknown email and a wrong password get
 * the same answer.
 */
export async function logIn(db: Database, { email, password }: Login, origin: SessionOrigin) {
  const ip = origin.ip ?? null
  // Counted (and refused with 429 over a limit) before the password is checked.
  const attempt = await reserveLogin(db, email, ip)
  const user = await findUserByEmail(db, email)
  const hash = user?.passwordHash.startsWith('pbkdf2') ? user.passwordHash : DUMMY_HASH
  const ok = await verifyPassword(password, hash)
  if (!user || !ok || hash === DUMMY_HASH) throw new AppError('unauthorized', 'wrong email or password')
  await attempt.succeeded()
  return signInUser(db, { userId: user.id, method: 'password', origin })
}
