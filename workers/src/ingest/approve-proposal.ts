import type { Database } from '../../../db/types'
import { and, eq, sql } from 'drizzle-orm'
import { slugify } from '../../../db/queries/accounts'
import { type ProductProposal, productMedia, productProposals, products, productVideos, videos } from '../../../db/schema'

import { AppError } from '../errors'
import { type ProposalDraft, proposalDraftSchema } from './schemas'

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0]

/** Locks a pending proposal of the merchant (404 for another merchant's id). */
async function lockProposal(tx: Tx, merchantId: string, proposalId: string): Promise<ProductProposal> {
  const [p] = await tx
    .select()
    .from(productProposals)
    .where(and(eq(productProposals.id, proposalId), eq(productProposals.merchantId, merchantId)))
    .for('update')
  if (!p) throw new AppError('not_found', 'no such proposal')
  return p
}

/** Adds the video's copied cover to a product's media (after any it has) and links the video. */
async function attachVideo(tx: Tx, merchantId: string, productId: string, videoId: string) {
  const [video] = await tx.select({ coverAssetId: videos.coverAssetId }).from(videos).where(eq(videos.id, videoId))
  if (video?.coverAssetId) {
    await tx
      .insert(productMedia)
      .values({
        merchantId,
        productId,
        assetId: video.coverAssetId,
        position: sql`(select coalesce(max(position) + 1, 0) from product_media where product_id = ${productId})`,
      })
      .onConflictDoNothing()
  }
  await tx.insert(productVideos).values({ merchantId, productId, videoId }).onConflictDoNothing()
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
    if (proposal.status === 'approved' && proposal.productId) return { proposal, productId: proposal.productId, created: false }
    if (proposal.status !== 'pending') throw new AppError('conflict', `this proposal was already ${proposal.status}`)
    const parsed = proposalDraftSchema.safeParse({ ...proposal.draft, ...(input.edits ?? {}) })
    if (!parsed.success) {
      throw new AppError('bad_request', 'the proposal is not complete', {
        details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      })
    }
    const draft = parsed.data
    if (input.status === 'published' && !draft.priceMinor) throw new AppError('unprocessable', 'set a price before publishing this product')
    const base = slugify(draft.title, 'product')
    let productId: string | undefined
    for (let attempt = 0; attempt < 6 && !productId; attempt++) {
      const slug = attempt === 0 ? base : `${base}-${crypto.randomUUID().slice(0, 6)}`
      const [row] = await tx
        .insert(products)
        .values({
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
        .onConflictDoNothing({ target: [products.merchantId, products.slug] })
        .returning({ id: products.id })
      productId = row?.id
    }
    if (!productId) throw new AppError('conflict', 'could not find a free product slug; edit the title and try again')
    await attachVideo(tx, input.merchantId, productId, proposal.videoId)
    const [updated] = await tx
      .update(productProposals)
      .set({ status: 'approved', productId, draft, decidedAt: sql`now()` })
      .where(eq(productProposals.id, proposal.id))
      .returning()
    return { proposal: updated, productId, created: true }
  })
}

/** Merges a proposal into an existing product: links the video, adds its cover and tags. */
export async function mergeProposal(db: Database, input: { merchantId: string; proposalId: string; productId: string }) {
  return db.transaction(async (tx) => {
    const proposal = await lockProposal(tx, input.merchantId, input.proposalId)
    if (proposal.status === 'merged' && proposal.productId === input.productId) return { proposal, productId: input.productId }
    if (proposal.status !== 'pending') throw new AppError('conflict', `this proposal was already ${proposal.status}`)
    const [product] = await tx
      .select({ id: products.id, tags: products.tags })
      .from(products)
      .where(and(eq(products.id, input.productId), eq(products.merchantId, input.merchantId)))
    if (!product) throw new AppError('not_found', 'no such product')
    const tags = [...new Set([...product.tags, ...(((proposal.draft as { tags?: string[] }).tags ?? []) as string[])])].slice(0, 30)
    await tx.update(products).set({ tags }).where(eq(products.id, product.id))
    await attachVideo(tx, input.merchantId, product.id, proposal.videoId)
    const [updated] = await tx
      .update(productProposals)
      .set({ status: 'merged', productId: product.id, decidedAt: sql`now()` })
      .where(eq(productProposals.id, proposal.id))
      .returning()
    return { proposal: updated, productId: product.id }
  })
}

/** Rejects a pending proposal (again is a no-op). */
export async function rejectProposal(db: Database, input: { merchantId: string; proposalId: string }) {
  return db.transaction(async (tx) => {
    const proposal = await lockProposal(tx, input.merchantId, input.proposalId)
    if (proposal.status === 'rejected') return proposal
    if (proposal.status !== 'pending') throw new AppError('conflict', `this proposal was already ${proposal.status}`)
    const [updated] = await tx
      .update(productProposals)
      .set({ status: 'rejected', decidedAt: sql`now()` })
      .where(eq(productProposals.id, proposal.id))
      .returning()
    return updated
  })
}

/** Edits the draft of a pending proposal. */
export async function editProposal(db: Database, input: { merchantId: string; proposalId: string; edits: Partial<ProposalDraft> }) {
  return db.transaction(async (tx) => {
    const proposal = await lockProposal(tx, input.merchantId, input.proposalId)
    if (proposal.status !== 'pending') throw new AppError('conflict', `this proposal was already ${proposal.status}`)
    const draft = { ...proposal.draft, ...input.edits }
    const [updated] = await tx.update(productProposals).set({ draft }).where(eq(productProposals.id, proposal.id)).returning()
    return updated
  })
}
