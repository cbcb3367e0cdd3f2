/**
 * A render output once stored: its R2 key and media asset (null for jobs without a merchant).
 * Its own file so after-render hooks can take it without importing the render job.
 */
export type StoredRenderOutput = {
  name: string
  key: string | null
  assetId: string | null
  contentType: string
  bytes: number
  width?: number
  height?: number
  durationMs?: number
  meta?: Record<string, unknown>
}
