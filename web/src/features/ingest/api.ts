import { api } from '../../lib/api-client'

export type LinkStatus = 'queued' | 'resolving' | 'fetching' | 'understanding' | 'proposed' | 'duplicate' | 'rejected' | 'failed'
export type IngestLink = {
  id: string
  line: number
  input: string
  status: LinkStatus
  reason: string | null
  proposalId?: string | null
  proposalStatus?: string | null
  retryable?: boolean
  jobAttempts?: number | null
}
export type BatchSummary = { counts: Record<string, number>; settled: number; total: number; done: boolean }
export type BatchView = BatchSummary & { batch: { id: string; total: number; createdAt: string }; links: IngestLink[] }
export type BatchListItem = { id: string; total: number; createdAt: string; counts: Record<string, number> }
export type ProposalDraft = {
  title: string
  description: string
  priceMinor: number | null
  compareAtMinor: number | null
  currency: string
  tags: string[]
  category: string | null
  seo: { title?: string; description?: string; keywords?: string[] }
  codes: string[]
  sizes: string[]
  colours: string[]
}
export type Proposal = {
  id: string
  status: 'pending' | 'approved' | 'merged' | 'rejected'
  draft: ProposalDraft
  matchedProductId: string | null
  matchedProductTitle: string | null
  productId: string | null
  videoId: string
  videoUrl: string
  caption: string | null
  authorName: string | null
  coverUrl: string | null
}
export type Category = { id: string; slug: string; name: string; keywords: string[] }

export const MAX_LINKS = 500

/** Lines of a textarea or CSV file that hold something (a CSV row's link cell is picked by the server). */
export const nonEmptyLines = (text: string) => text.split(/\r?\n/).filter((l) => l.trim().length > 0)

export const ingestApi = {
  createBatch: (text: string) =>
    api<{ batch: { id: string }; counts: Record<string, number>; links: IngestLink[] }>('/api/ingest/batches', { method: 'POST', json: { text } }),
  batches: () => api<{ items: BatchListItem[] }>('/api/ingest/batches'),
  batch: (id: string) => api<BatchView>(`/api/ingest/batches/${id}`),
  retry: (linkId: string) => api<{ id: string; status: string }>(`/api/ingest/links/${linkId}/retry`, { method: 'POST' }),
  proposals: (params: { status?: string; batchId?: string }) => {
    const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v) as Array<[string, string]>)
    return api<{ items: Proposal[] }>(`/api/ingest/proposals?${q}`)
  },
  edit: (id: string, draft: Partial<ProposalDraft>) => api<{ proposal: Proposal }>(`/api/ingest/proposals/${id}`, { method: 'PATCH', json: draft }),
  approve: (id: string, body: { draft?: Partial<ProposalDraft>; status: 'draft' | 'published' }) =>
    api<{ productId: string }>(`/api/ingest/proposals/${id}/approve`, { method: 'POST', json: body }),
  merge: (id: string, productId: string) => api(`/api/ingest/proposals/${id}/merge`, { method: 'POST', json: { productId } }),
  reject: (id: string) => api(`/api/ingest/proposals/${id}/reject`, { method: 'POST' }),
  categories: () => api<{ items: Category[] }>('/api/categories'),
  addCategory: (c: { slug: string; name: string; keywords: string[] }) => api<{ category: Category }>('/api/categories', { method: 'POST', json: c }),
  updateCategory: (id: string, c: { name?: string; keywords?: string[] }) => api<{ category: Category }>(`/api/categories/${id}`, { method: 'PATCH', json: c }),
  deleteCategory: (id: string) => api(`/api/categories/${id}`, { method: 'DELETE' }),
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
