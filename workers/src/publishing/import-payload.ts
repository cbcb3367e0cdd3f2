import { z } from 'zod'

/** The `publishing.import` job: import one TikTok channel's new videos. */
export const importPayloadSchema = z.object({ channelId: z.uuid() })
