import { zValidator } from '@hono/zod-validator'
import type { ValidationTargets } from 'hono'
import type { ZodType } from 'zod'
import { AppError } from '../errors'

/** zod validation of a request part; failures become one `bad_request` with the issues listed. */
export const validate = <T extends ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) =>
  zValidator(target, schema, (result) => {
    if (!result.success) {
      throw new AppError('bad_request', `invalid ${target}`, {
        details: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      })
    }
  })
