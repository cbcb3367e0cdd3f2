/** The render node's one error type; `code` decides the HTTP status and whether a retry can help. */
export class RenderError extends Error {
  constructor(
    readonly code: 'bad_request' | 'unauthorized' | 'unsupported_input' | 'input_too_large' | 'timeout' | 'busy' | 'internal',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'RenderError'
  }
  get status() {
    return ({ bad_request: 400, unauthorized: 401, unsupported_input: 422, input_too_large: 413, timeout: 504, busy: 503, internal: 500 } as const)[this.code]
  }
  /** Whether the queue should retry: bad inputs never get better by retrying. */
  get retryable() {
    return this.code === 'timeout' || this.code === 'busy' || this.code === 'internal'
  }
}
