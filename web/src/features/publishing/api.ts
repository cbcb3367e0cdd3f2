import type { InferRequestType, InferResponseType } from 'hono/client'
import type { PublishPlatform } from '../../../../contracts/publishing'
import { call, client } from '../../lib/api-client'
import { uploadFile } from '../../lib/upload'

// Every shape here comes from the Worker's route declarations (workers/src/publishing/schemas.ts).
const pub = client.api.publishing
const post = pub.posts[':id']

export type ChannelList = InferResponseType<typeof pub.channels.$get, 200>
export type Channel = ChannelList['items'][number]
export type Post = InferResponseType<(typeof post)['$get'], 200>
export type PostTarget = Post['targets'][number]
export type NewPost = InferRequestType<typeof pub.posts.$post>['json']
export type CreatorInfo = InferResponseType<(typeof pub.tiktok)['creator-info']['$get'], 200>
export type Suggestions = InferResponseType<typeof pub.suggestions.$get, 200>
export type VideoUpload = InferResponseType<typeof pub.uploads.$post, 201>

const param = (id: string) => ({ param: { id } })

export const publishingApi = {
  channels: () => call(pub.channels.$get()),
  connect: (platform: PublishPlatform) => call(pub.channels.connect.$post({ json: { platform } })),
  disconnect: (id: string) => call(pub.channels[':id'].$delete(param(id))),
  importNow: (id: string) => call(pub.channels[':id'].import.$post(param(id))),
  setTimeZone: (timeZone: string) => call(pub.settings.$put({ json: { timeZone } })),
  creatorInfo: () => call(pub.tiktok['creator-info'].$get()),
  posts: (from?: string, to?: string) => call(pub.posts.$get({ query: { ...(from ? { from } : {}), ...(to ? { to } : {}) } })),
  post: (id: string) => call(post.$get(param(id))),
  create: (json: NewPost) => call(pub.posts.$post({ json })),
  cancel: (id: string) => call(post.cancel.$post(param(id))),
  publishNow: (id: string) => call(post['publish-now'].$post(param(id))),
  refreshMetrics: () => call(pub.metrics.refresh.$post()),
  suggestions: () => call(pub.suggestions.$get()),
  uploads: () => call(pub.uploads.$get()),
  /** The merchant's own video, with upload progress. */
  uploadVideo: (file: File, onProgress: (pct: number) => void) => uploadFile<VideoUpload>(pub.uploads.$path(), file, onProgress),
}

export const PLATFORM_NAME: Record<PublishPlatform, string> = { tiktok: 'TikTok', youtube: 'YouTube Shorts', instagram: 'Instagram Reels' }

export const STATUS_LABEL: Record<string, string> = {
  scheduled: 'Scheduled',
  paused: 'Paused — reconnect',
  publishing: 'Sending',
  processing: 'Processing',
  published: 'Published',
  inbox: 'In TikTok inbox',
  failed: 'Failed',
  unconfirmed: 'Unconfirmed — check the account',
  cancelled: 'Cancelled',
}

export const PRIVACY_LABEL: Record<string, string> = {
  PUBLIC_TO_EVERYONE: 'Everyone',
  MUTUAL_FOLLOW_FRIENDS: 'Friends',
  FOLLOWER_OF_CREATOR: 'Followers',
  SELF_ONLY: 'Only me',
}
