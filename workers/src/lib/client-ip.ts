/**
 * The caller's IP as Cloudflare saw it. Only `cf-connecting-ip` counts: Cloudflare sets it on every
 * request and overwrites what a client sends, while `x-forwarded-for` / `x-real-ip` are the
 * client's to forge. Null when absent (a direct local request).
 */
export const clientIp = (req: { header: (name: string) => string | undefined }): string | null => req.header('cf-connecting-ip')?.trim() || null
