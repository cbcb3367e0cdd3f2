/** Dedupe key of the job of a video: one job per (merchant, TikTok video) however often it is pasted. */
export const videoJobKey = (merchantId: string, videoId: string) => `ingest:${merchantId}:tiktok:${videoId}`
/** Dedupe key of the job of a short link (its video is unknown until resolved). */
export const shortLinkJobKey = (linkId: string) => `ingest-link:${linkId}`
