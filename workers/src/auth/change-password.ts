import { getUserById, setUserPassword } from '../../../db/queries/accounts'
import { revokeOtherSessions } from '../../../db/queries/sessions'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'
import { reservePasswordCheck } from '../middleware/rate-limit'
import { hashPassword, verifyPassword } from './password'
import { forgetUserSessions } from './session-cache'

/**
 * Changes the user's password after checking the current one; every other session of theirs ends.
 * Checks of the current password are rate-limited per user (429), so a stolen session cannot guess it.
 */
export async function changePassword(db: Database, input: { userId: string; currentSessionId?: string; currentPassword: string; newPassword: string }) {
  const check = await reservePasswordCheck(db, input.userId)
  const user = await getUserById(db, input.userId)
  if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash))) throw new AppError('forbidden', 'your current password is not right')
  await check.succeeded()
  await setUserPassword(db, { userId: user.id, passwordHash: await hashPassword(input.newPassword) })
  await revokeOtherSessions(db, { userId: user.id, keepId: input.currentSessionId ?? '' })
  forgetUserSessions(user.id)
}
