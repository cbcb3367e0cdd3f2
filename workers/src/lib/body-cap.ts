import { bodyLimit } from 'hono/body-limit'
import { AppError } from '../errors'

/**
 * A request-body cap enforced while the body is read (by Content-Length, or by counting a chunked
 * stream), so an oversized or endless body is cut off at `maxSize`, never buffered first. Over
 * the cap: 413 `payload_too_large` with `message`.
 */
export const bodyCap = (maxSize: number, message: string) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new AppError('payload_too_large', message)
    },
  })
