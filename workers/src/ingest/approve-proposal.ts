import type { z } from 'zod'
import { slugify } from '../../../db/queries/accounts'
import { writeAudit } from '../../../db/queries/audit'
import {
  attachVideoToProduct,
  decideProposal,
  getProductTagsOfMerchant,
  insertProposedProduct,
  lockProposalOfMerchant,
  setProductTags,
  setProposalDraft,
} from '../../../db/queries/ingest'
import { updateProduct } from '../../../db/queries/products'
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

/** Who decides on a proposal: the shop and the person (null for an API token) the audit log records. */
export type ProposalActor = { merchantId: string; userId?: string | null }

/**
 * The SEO overrides worth storing on the product: only what the merchant wrote. A title or
 * description equal to what the hub filled in (the draft's own, or the one it had when proposed)
 * is left out, so link previews follow the product's current title and description.
 */
function seoOverrides(draft: ProposalDraft, proposed: Record<string, unknown>) {
  const auto = (v: unknown, n: number) => (typeof v === 'string' ? v.slice(0, n) : undefined)
  const { title, description, keywords } = draft.seo
  const out: { title?: string; description?: string; keywords?: string[] } = {}
  if (title?.trim() && ![auto(draft.title, 70), auto(proposed.title, 70)].includes(title)) out.title = title.trim()
  if (description?.trim() && ![auto(draft.description, 160), auto(proposed.description, 160)].includes(description)) out.description = description.trim()
  if (keywords?.length) out.keywords = keywords
  return out
}

/**
 * Approves a proposal: creates the product (price, compare-at, currency, tags, category, SEO
 * overrides, discount codes, variants), its cover as product media and the video link, and an
 * audit entry `product.approve`, all in one transaction. Approving again returns the same
 * product. Written here rather than through the catalog's products CRUD, which was being built
 * at the same time; both could share one `insertProduct(db, input)` later.
 */
export async function approveProposal(
  db: Database,
  input: ProposalActor & { proposalId: string; edits?: Partial<ProposalDraft>; currency?: string; status: 'draft' | 'published' },
) {
  return db.transaction(async (tx) => {
    const proposal = await lockProposal(tx, input.merchantId, input.proposalId)
    if (proposal.status === 'approved' && proposal.productId) return { proposal: asView(proposal), productId: proposal.productId, created: false }
    if (proposal.status !== 'pending') throw new AppError('conflict', `this proposal was already ${proposal.status}`)
    const parsed = proposalDraftSchema.safeParse({ ...proposal.draft, ...(input.edits ?? {}), ...(input.currency ? { currency: input.currency } : {}) })
    if (!parsed.success) {
      throw new AppError('bad_request', 'the proposal is not complete', {
        details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      })
    }
    const draft = parsed.data
    // Each size at its own price, else the product's; the product's compare-at price carries over
    // (product price and compare-at roll up from the cheapest variant).
    const variants = draft.variants.map((v) => ({
      ...v,
      priceMinor: v.priceMinor ?? draft.priceMinor ?? 0,
      compareAtMinor: draft.compareAtMinor,
      stock: v.stock ?? null,
    }))
    // The product-to-be passes the catalog's own schema, like a product made by hand or by CSV.
    const asProduct = createProductSchema.safeParse({
      title: draft.title,
      description: draft.description,
      priceMinor: draft.priceMinor ?? 0,
      compareAtMinor: draft.compareAtMinor,
      currency: draft.currency,
      category: draft.category,
      tags: draft.tags,
      promoCodes: draft.codes,
      variants,
    })
    if (!asProduct.success) {
      throw new AppError('bad_request', 'the proposal does not make a valid product', {
        details: asProduct.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      })
    }
    const hasPrice = Boolean(draft.priceMinor) || (variants.length > 0 && variants.every((v) => v.priceMinor > 0))
    if (input.status === 'published' && !hasPrice) throw new AppError('unprocessable', 'set a price before publishing this product')
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
        promoCodes: asProduct.data.promoCodes ?? [],
        seo: seoOverrides(draft, proposal.draft),
      })
    }
    if (!productId) throw new AppError('conflict', 'could not find a free product slug; edit the title and try again')
    if (asProduct.data.variants?.length) await updateProduct(tx, input.merchantId, productId, { variants: asProduct.data.variants })
    await attachVideoToProduct(tx, { merchantId: input.merchantId, productId, videoId: proposal.videoId })
    const updated = await decideProposal(tx, proposal.id, { status: 'approved', productId, draft })
    await writeAudit(tx, {
      merchantId: input.merchantId,
      userId: input.userId ?? null,
      action: 'product.approve',
      entity: 'product',
      entityId: productId,
      changes: {
        proposalId: proposal.id,
        videoId: proposal.videoId,
        title: draft.title,
        status: input.status,
        currency: draft.currency,
        variants: variants.length,
        promoCodes: asProduct.data.promoCodes ?? [],
      },
    })
    return { proposal: asView(updated), productId, created: true }
  })
}

/** Merges a proposal into an existing product: links the video, adds its cover and tags. */
export async function mergeProposal(db: Database, input: ProposalActor & { proposalId: string; productId: string }) {
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
    await writeAudit(tx, {
      merchantId: input.merchantId,
      userId: input.userId ?? null,
      action: 'product.merge',
      entity: 'product',
      entityId: product.id,
      changes: { proposalId: proposal.id, videoId: proposal.videoId },
    })
    return { proposal: asView(updated), productId: product.id }
  })
}

/** Rejects a pending proposal (again is a no-op). */
export async function rejectProposal(db: Database, input: ProposalActor & { proposalId: string }) {
  return db.transaction(async (tx) => {
    const proposal = await lockProposal(tx, input.merchantId, input.proposalId)
    if (proposal.status === 'rejected') return asView(proposal)
    if (proposal.status !== 'pending') throw new AppError('conflict', `this proposal was already ${proposal.status}`)
    const rejected = await decideProposal(tx, proposal.id, { status: 'rejected' })
    await writeAudit(tx, {
      merchantId: input.merchantId,
      userId: input.userId ?? null,
      action: 'proposal.reject',
      entity: 'proposal',
      entityId: proposal.id,
      changes: { videoId: proposal.videoId, title: (proposal.draft as { title?: string }).title ?? null },
    })
    return asView(rejected)
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
