import { getMembership } from '../../../db/queries/accounts'
import { setSessionMerchant } from '../../../db/queries/sessions'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'
import { loadMe } from './me'
import { forgetSession } from './session-cache'

/** Makes another of the user's shops the active one of this session. */
export async function switchShop(db: Database, input: { userId: string; sessionId: string; merchantId: string }) {
  const { userId, merchantId } = input
  const m = await getMembership(db, { merchantId, userId })
  if (!m) throw new AppError('not_found', 'no such shop')
  await setSessionMerchant(db, { sessionId: input.sessionId, merchantId })
  forgetSession(input.sessionId)
  return loadMe(db, { userId, merchantId, role: m.role })
}
