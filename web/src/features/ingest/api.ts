import type { InferRequestType, InferResponseType } from 'hono/client'
import { call, client } from '../../lib/api-client'

const ingest = client.api.ingest
const categories = client.api.categories

/** Where a paste's Server-Sent Events stream is (`link`, `progress`, `done`), for an EventSource. */
export const batchEventsPath = (id: string) => ingest.batches[':id'].events.$path({ param: { id } })

/** The shapes the pages use, all inferred from the API's route declarations. */
export type BatchView = InferResponseType<(typeof ingest.batches)[':id']['$get'], 200>
export type IngestLink = BatchView['links'][number]
export type LinkStatus = IngestLink['status']
export type BatchSummary = Pick<BatchView, 'counts' | 'settled' | 'total' | 'done'>
type ProposalQuery = InferRequestType<typeof ingest.proposals.$get>['query']
export type Proposal = InferResponseType<typeof ingest.proposals.$get, 200>['items'][number]
export type ProposalDraft = Proposal['draft']
export type Category = InferResponseType<typeof categories.$get, 200>['items'][number]

export const MAX_LINKS = 500

/** Lines of a textarea or CSV file that hold something (a CSV row's link cell is picked by the server). */
export const nonEmptyLines = (text: string) => text.split(/\r?\n/).filter((l) => l.trim().length > 0)

export const ingestApi = {
  createBatch: (text: string) => call(ingest.batches.$post({ json: { text } })),
  batches: () => call(ingest.batches.$get()),
  batch: (id: string) => call(ingest.batches[':id'].$get({ param: { id } })),
  retry: (linkId: string) => call(ingest.links[':id'].retry.$post({ param: { id: linkId } })),
  proposals: (params: ProposalQuery) =>
    call(ingest.proposals.$get({ query: { ...(params.status ? { status: params.status } : {}), ...(params.batchId ? { batchId: params.batchId } : {}) } })),
  edit: (id: string, draft: Partial<ProposalDraft>) => call(ingest.proposals[':id'].$patch({ param: { id }, json: draft })),
  approve: (id: string, body: { draft?: Partial<ProposalDraft>; status: 'draft' | 'published' }) =>
    call(ingest.proposals[':id'].approve.$post({ param: { id }, json: body })),
  merge: (id: string, productId: string) => call(ingest.proposals[':id'].merge.$post({ param: { id }, json: { productId } })),
  reject: (id: string) => call(ingest.proposals[':id'].reject.$post({ param: { id } })),
  categories: () => call(categories.$get()),
  addCategory: (c: { slug: string; name: string; keywords: string[] }) => call(categories.$post({ json: c })),
  updateCategory: (id: string, c: { name?: string; keywords?: string[] }) => call(categories[':id'].$patch({ param: { id }, json: c })),
  deleteCategory: (id: string) => call(categories[':id'].$delete({ param: { id } })),
}

export const STATUS_LABEL: Record<LinkStatus, string> = {
  queued: 'Queued',
  resolving: 'Resolving link',
  fetching: 'Fetching video',
  understanding: 'Reading caption',
  proposed: 'Proposed',
  duplicate: 'Duplicate',
  rejected: 'Refused',
  failed: 'Failed',
}
