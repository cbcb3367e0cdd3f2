import { Secret, TOTP } from 'otpauth'
import { getUserById } from '../../../db/queries/accounts'
import { markSessionSecondFactor } from '../../../db/queries/sessions'
import {
  acceptTotpCounter,
  consumeRecoveryCode,
  countUnusedRecoveryCodes,
  deleteTotp,
  getTotp,
  ownsShopRequiringTwoFactor,
  replaceRecoveryCodes,
  upsertPendingTotp,
} from '../../../db/queries/sign-in'
import type { Database } from '../../../db/types'
import { decryptSecrets, encryptSecrets, type SecretKeys } from '../bot/crypto'
import { AppError } from '../errors'
import { qrMatrix, qrSvg } from '../links/qr-code'
import { reserveTwoFactorCheck } from '../middleware/rate-limit'
import { forgetUserSessions } from './session-cache'
import { hashToken } from './tokens'

/** RFC 6238 as every authenticator app reads it: SHA-1, 6 digits, 30-second steps. */
const PERIOD = 30
const ISSUER = 'linkhub'
/** Codes from one step before or after now are accepted (clock drift). */
const WINDOW = 1
export const RECOVERY_CODE_COUNT = 10

const totpOf = (secretBase32: string, label = '') =>
  new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secretBase32) })

const sealSecret = (key: SecretKeys, secret: string) => encryptSecrets(key, { totp: secret })
const openSecret = async (key: SecretKeys, blob: string) => (await decryptSecrets<{ totp: string }>(key, blob)).totp

/** A recovery code: 10 characters of an unambiguous alphabet, shown as `xxxxx-xxxxx` (≈ 50 bits). */
function newRecoveryCode() {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789'
  const bytes = crypto.getRandomValues(new Uint8Array(10))
  const s = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('')
  return `${s.slice(0, 5)}-${s.slice(5)}`
}
const normaliseRecoveryCode = (code: string) => code.trim().toLowerCase().replace(/[\s-]/g, '')
const hashRecoveryCode = (code: string) => hashToken(`recovery:${normaliseRecoveryCode(code)}`)

/** Whether the user has two-factor on, how many recovery codes are left, and whether a shop they own requires it. */
export async function twoFactorStatus(db: Database, userId: string) {
  const totp = await getTotp(db, userId)
  const enabled = !!totp?.enabledAt
  return {
    enabled,
    enabledAt: totp?.enabledAt?.toISOString() ?? null,
    recoveryCodesLeft: enabled ? await countUnusedRecoveryCodes(db, userId) : 0,
    requiredByShop: await ownsShopRequiringTwoFactor(db, userId),
  }
}

/**
 * Starts turning two-factor on: a new secret (stored sealed, not yet in force), its otpauth:// URI
 * and that URI as a QR code for an authenticator app. 409 when it is already on.
 */
export async function startTwoFactorSetup(db: Database, key: SecretKeys, userId: string) {
  const user = await getUserById(db, userId)
  if (!user) throw new AppError('unauthorized', 'sign in to continue')
  const secret = new Secret({ size: 20 }).base32
  if (!(await upsertPendingTotp(db, { userId, secretEnc: await sealSecret(key, secret) }))) {
    throw new AppError('conflict', 'two-factor sign-in is already on; turn it off first to set up a new device')
  }
  const uri = totpOf(secret, user.email).toString()
  return { secret, uri, qrSvg: qrSvg(qrMatrix(uri, { logo: false })) }
}

/** The time step of `code` when it is a valid TOTP code for `secret` now, else null. */
function counterOf(secret: string, code: string): number | null {
  const token = code.replace(/\s/g, '')
  if (!/^\d{6}$/.test(token)) return null
  const delta = totpOf(secret).validate({ token, window: WINDOW })
  return delta === null ? null : TOTP.counter({ period: PERIOD }) + delta
}

/**
 * Confirms the pending secret with a code from the app: two-factor is on from now, this session
 * counts as having given it, and 10 recovery codes are made (returned only here, stored hashed).
 */
export async function enableTwoFactor(db: Database, key: SecretKeys, input: { userId: string; code: string; sessionId?: string }) {
  const totp = await getTotp(db, input.userId)
  if (!totp) throw new AppError('conflict', 'start the set-up first')
  if (totp.enabledAt) throw new AppError('conflict', 'two-factor sign-in is already on')
  const check = await reserveTwoFactorCheck(db, input.userId)
  const counter = counterOf(await openSecret(key, totp.secretEnc), input.code)
  if (counter === null || !(await acceptTotpCounter(db, { userId: input.userId, counter, enable: true }))) {
    throw new AppError('bad_request', 'that code is not right; enter the 6 digits your app shows now', {
      details: [{ path: 'code', message: 'that code is not right' }],
    })
  }
  await check.succeeded()
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode)
  await replaceRecoveryCodes(db, { userId: input.userId, hashes: await Promise.all(codes.map(hashRecoveryCode)) })
  if (input.sessionId) await markSessionSecondFactor(db, input.sessionId)
  forgetUserSessions(input.userId)
  return { recoveryCodes: codes }
}

/**
 * Checks a second factor: a current TOTP code (each works once) or an unused recovery code (used
 * up by this). Rate-limited per user (429 over the limit). False when neither is right.
 */
export async function checkSecondFactor(db: Database, key: SecretKeys, input: { userId: string; code: string }) {
  const totp = await getTotp(db, input.userId)
  if (!totp?.enabledAt) return false
  const check = await reserveTwoFactorCheck(db, input.userId)
  const counter = counterOf(await openSecret(key, totp.secretEnc), input.code)
  const ok =
    counter !== null
      ? await acceptTotpCounter(db, { userId: input.userId, counter })
      : normaliseRecoveryCode(input.code).length === 10 &&
        (await consumeRecoveryCode(db, { userId: input.userId, codeHash: await hashRecoveryCode(input.code) }))
  if (ok) await check.succeeded()
  return ok
}

/** Turns two-factor off with a current code (or a recovery code). Refused while a shop the user owns requires it. */
export async function disableTwoFactor(db: Database, key: SecretKeys, input: { userId: string; code: string }) {
  if (await ownsShopRequiringTwoFactor(db, input.userId)) {
    throw new AppError('conflict', 'a shop you own requires two-factor sign-in of its owners, so it cannot be turned off')
  }
  if (!(await checkSecondFactor(db, key, input))) {
    throw new AppError('bad_request', 'that code is not right', { details: [{ path: 'code', message: 'that code is not right' }] })
  }
  await deleteTotp(db, input.userId)
  forgetUserSessions(input.userId)
}
