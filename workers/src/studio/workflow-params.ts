/** What each studio Workflow instance is created with; everything else it reads from the video's row. */
export type StudioWorkflowParams = { videoId: string; merchantId: string }

/** The `type` of the events the review API sends a waiting instance. */
export const REVIEW_EVENT = 'review'

/** R2 prefix of a video's intermediates (voice chunks, voice track): under the shop's prefix, so shop deletion removes them too. */
export const studioTmpPrefix = (merchantId: string, videoId: string) => `m/${merchantId}/studio-tmp/${videoId}/`
