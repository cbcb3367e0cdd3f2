import type { z } from 'zod'
import { slugify } from '../../../db/queries/accounts'
import {
  attachVideoToProduct,
  decideProposal,
  getProductTagsOfMerchant,
  insertProposedProduct,
  lockProposalOfMerchant,
  setProductTags,
  setProposalDraft,
} from '../../../db/queries/ingest'
import type { ProductProposal } from '../../../db/schema'
import type { Database } from '../../../db/types'
import { createProductSchema } from '../catalog/schemas'
import { AppError } from '../errors'
import { type ProposalDraft, proposalDraftSchema, type storedDraftSchema } from './schemas'

/** A proposal as the API returns it: its draft is always a whole draft (built, then maybe edited). */
export type ProposalView = Omit<ProductProposal, 'draft'> & { draft: z.output<typeof storedDraftSchema> }
const asView = (p: ProductProposal) => p as ProposalView

/** Locks a pending proposal of the merchant (404 for another merchant's id). */
async function lockProposal(tx: Database, merchantId: string, proposalId: string): Promise<ProductProposal> {
  const p = await lockProposalOfMerchant(tx, merchantId, proposalId)
  if (!p) throw new AppError('not_found', 'no such proposal')
  return p
}

/**
 * Approves a proposal: creates the product (price, compare-at, currency, tags, category, SEO), its
 * cover as product media and the video link, all in one transaction. Approving again returns the
 * same product. Written here rather than through the catalog's products CRUD, which was being
 * built at the same time; both could share one `insertProduct(db, input)` later.
 */
export async function approveProposal(
  db: Database,
  input: { merchantId: string; proposalId: string; edits?: Partial<ProposalDraft>; status: 'draft' | 'published' },
) {
  return db.transaction(async (tx) => {
    const proposal = await lockProposal(tx, input.merchantId, input.proposalId)
    if (proposal.status === 'approved' && proposal.productId) return { proposal: asView(proposal), productId: proposal.productId, created: false }
    if (proposal.status !== 'pending') throw new AppError('conflict', `this proposal was already ${proposal.status}`)
    const parsed = proposalDraftSchema.safeParse({ ...proposal.draft, ...(input.edits ?? {}) })
    if (!parsed.success) {
      throw new AppError('bad_request', 'the proposal is not complete', {
        details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      })
    }
    const draft = parsed.data
    // The product-to-be passes the catalog's own schema, like a product made by hand or by CSV.
    const asProduct = createProductSchema.safeParse({
      title: draft.title,
      description: draft.description,
      priceMinor: draft.priceMinor ?? 0,
      compareAtMinor: draft.compareAtMinor,
      currency: draft.currency,
      category: draft.category,
      tags: draft.tags,
    })
    if (!asProduct.success) {
      throw new AppError('bad_request', 'the proposal does not make a valid product', {
        details: asProduct.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      })
    }
    if (input.status === 'published' && !draft.priceMinor) throw new AppError('unprocessable', 'set a price before publishing this product')
    const base = slugify(draft.title, 'product')
    let productId: string | undefined
    for (let attempt = 0; attempt < 6 && !productId; attempt++) {
      const slug = attempt === 0 ? base : `${base}-${crypto.randomUUID().slice(0, 6)}`
      productId = await insertProposedProduct(tx, {
        merchantId: input.merchantId,
        slug,
        title: draft.title,
        description: draft.description,
        status: input.status,
        priceMinor: draft.priceMinor ?? 0,
        compareAtMinor: draft.compareAtMinor,
        currency: draft.currency,
        category: draft.category,
        tags: draft.tags,
        seo: draft.seo,
      })
    }
    if (!productId) throw new AppError('conflict', 'could not find a free product slug; edit the title and try again')
    await attachVideoToProduct(tx, { merchantId: input.merchantId, productId, videoId: proposal.videoId })
    const updated = await decideProposal(tx, proposal.id, { status: 'approved', productId, draft })
    return { proposal: asView(updated), productId, created: true }
  })
}

/** Merges a proposal into an existing product: links the video, adds its cover and tags. */
export async function mergeProposal(db: Database, input: { merchantId: string; proposalId: string; productId: string }) {
  return db.transaction(async (tx) => {
    const proposal = await lockProposal(tx, input.merchantId, input.proposalId)
    if (proposal.status === 'merged' && proposal.productId === input.productId) return { proposal: asView(proposal), productId: input.productId }
    if (proposal.status !== 'pending') throw new AppError('conflict', `this proposal was already ${proposal.status}`)
    const product = await getProductTagsOfMerchant(tx, input.merchantId, input.productId)
    if (!product) throw new AppError('not_found', 'no such product')
    const tags = [...new Set([...product.tags, ...(((proposal.draft as { tags?: string[] }).tags ?? []) as string[])])].slice(0, 30)
    await setProductTags(tx, product.id, tags)
    await attachVideoToProduct(tx, { merchantId: input.merchantId, productId: product.id, videoId: proposal.videoId })
    const updated = await decideProposal(tx, proposal.id, { status: 'merged', productId: product.id })
    return { proposal: asView(updated), productId: product.id }
  })
}

/** Rejects a pending proposal (again is a no-op). */
export async function rejectProposal(db: Database, input: { merchantId: string; proposalId: string }) {
  return db.transaction(async (tx) => {
    const proposal = await lockProposal(tx, input.merchantId, input.proposalId)
    if (proposal.status === 'rejected') return asView(proposal)
    if (proposal.status !== 'pending') throw new AppError('conflict', `this proposal was already ${proposal.status}`)
    return asView(await decideProposal(tx, proposal.id, { status: 'rejected' }))
  })
}

/** Edits the draft of a pending proposal. */
export async function editProposal(db: Database, input: { merchantId: string; proposalId: string; edits: Partial<ProposalDraft> }) {
  return db.transaction(async (tx) => {
    const proposal = await lockProposal(tx, input.merchantId, input.proposalId)
    if (proposal.status !== 'pending') throw new AppError('conflict', `this proposal was already ${proposal.status}`)
    return asView(await setProposalDraft(tx, proposal.id, { ...proposal.draft, ...input.edits }))
  })
}
