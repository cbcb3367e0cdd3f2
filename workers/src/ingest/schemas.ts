import { z } from '@hono/zod-openapi'
import { MAX_PRICE_MINOR } from '../catalog/schemas'

export const MAX_LINKS_PER_PASTE = 500

/** POST /api/ingest/batches: the textarea's lines (or a CSV's URL column, split by the web app). */
export const createBatchSchema = z
  .object({
    links: z.array(z.string().max(2048)).optional(),
    text: z
      .string()
      .max(MAX_LINKS_PER_PASTE * 2100)
      .optional(),
  })
  .refine((v) => v.links !== undefined || v.text !== undefined, { message: 'send `links` (an array) or `text` (one link per line)' })

/** A variant to create at approval: option values, and a price (null = the draft's price). */
export const proposedVariantSchema = z.object({
  title: z.string().trim().max(120).optional(),
  options: z.record(z.string().trim().min(1).max(40), z.string().trim().min(1).max(80)),
  priceMinor: z.number().int().nonnegative().max(MAX_PRICE_MINOR).nullable(),
  stock: z.number().int().min(0).max(1e9).nullable().optional(),
})

const draftFields = {
  title: z.string().trim().min(1).max(200),
  description: z.string().max(5000),
  priceMinor: z.number().int().nonnegative().max(MAX_PRICE_MINOR).nullable(),
  compareAtMinor: z.number().int().nonnegative().max(MAX_PRICE_MINOR).nullable(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as "NGN"'),
  tags: z.array(z.string().trim().min(1).max(60)).max(30),
  category: z.string().max(60).nullable(),
  seo: z.object({
    title: z.string().max(200).optional(),
    description: z.string().max(500).optional(),
    keywords: z.array(z.string().max(60)).max(30).optional(),
  }),
  codes: z.array(z.string().trim().min(2).max(40)).max(10).describe('Discount codes read from the caption; kept on the product (promoCodes) at approval'),
  ctas: z
    .array(z.object({ type: z.string().max(40), keyword: z.string().max(60).optional() }))
    .max(20)
    .describe('Calls to action read from the caption, e.g. {"type":"dm_to_order"}, {"type":"comment_keyword","keyword":"LINK"}'),
  sizes: z.array(z.string()),
  colours: z.array(z.string()),
  variants: z
    .array(proposedVariantSchema)
    .max(100)
    .describe('Variants to create at approval, proposed from the sizes in the caption; edit or empty the list freely'),
}

/** What the hub proposes to create from a video; the merchant may edit every field before approving. */
export const proposalDraftSchema = z.object({
  ...draftFields,
  description: draftFields.description.default(''),
  compareAtMinor: draftFields.compareAtMinor.default(null),
  tags: draftFields.tags.default([]),
  category: draftFields.category.default(null),
  seo: draftFields.seo.default({}),
  codes: draftFields.codes.default([]),
  ctas: draftFields.ctas.default([]),
  sizes: draftFields.sizes.default([]),
  colours: draftFields.colours.default([]),
  variants: draftFields.variants.default([]),
})
export type ProposalDraft = z.infer<typeof proposalDraftSchema>

/** Edits of a draft: only the fields sent change (no defaults, unlike the draft itself). */
export const editProposalSchema = z
  .object(draftFields)
  .partial()
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'nothing to change: send at least one field' })

export const approveProposalSchema = z.object({
  /** Edits applied before creating the product. */
  draft: z.object(draftFields).partial().optional(),
  /** The product's currency (same as `draft.currency`; this one wins when both are sent). */
  currency: draftFields.currency.optional(),
  status: z.enum(['draft', 'published']).default('draft'),
})

export const mergeProposalSchema = z.object({ productId: z.uuid() })

export const listProposalsQuerySchema = z.object({
  status: z.enum(['pending', 'approved', 'merged', 'rejected']).optional(),
  batchId: z.uuid().optional(),
})

export const categoryInputSchema = z.object({
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9-]{1,40}$/, 'lower-case letters, digits and dashes'),
  name: z.string().trim().min(1).max(60),
  keywords: z.array(z.string().trim().toLowerCase().min(1).max(60)).max(300).default([]),
})
export const categoryPatchSchema = categoryInputSchema
  .omit({ slug: true })
  .partial()
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'nothing to change: send at least one field' })

export const idParamSchema = z.object({ id: z.uuid() })

/** Payload of the INGEST queue's `ingest-link` job. */
export const ingestLinkPayloadSchema = z.object({ linkId: z.uuid() })
export type IngestLinkPayload = z.infer<typeof ingestLinkPayloadSchema>

/** `after` of the render job that resizes a copied TikTok cover. */
export const videoCoverAfterSchema = z.object({ kind: z.literal('video-cover'), videoId: z.uuid(), coverAssetId: z.uuid() })

// ---- responses --------------------------------------------------------------------------

const linkStatusSchema = z.enum(['queued', 'resolving', 'fetching', 'understanding', 'proposed', 'duplicate', 'rejected', 'failed'])
const proposalStatusSchema = z.enum(['pending', 'approved', 'merged', 'rejected'])
const jobStatusSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'dead'])
const countsSchema = z.record(z.string(), z.number().int()).openapi({ description: 'Number of links per status' })
const batchRefSchema = z.object({ id: z.uuid(), total: z.number().int(), createdAt: z.iso.datetime() })

export const createdBatchSchema = z
  .object({
    batch: batchRefSchema,
    counts: countsSchema,
    links: z.array(z.object({ id: z.uuid(), line: z.number().int(), input: z.string(), status: linkStatusSchema, reason: z.string().nullable() })),
  })
  .openapi('IngestBatchCreated')

export const batchListSchema = z.object({ items: z.array(batchRefSchema.extend({ counts: countsSchema })) }).openapi('IngestBatchList')

/** One line of a paste as the batch page shows it (a dead job shows as `failed`). */
export const ingestLinkViewSchema = z
  .object({
    id: z.uuid(),
    line: z.number().int(),
    input: z.string(),
    normalizedUrl: z.string().nullable(),
    externalId: z.string().nullable(),
    status: linkStatusSchema,
    reason: z.string().nullable(),
    videoId: z.uuid().nullable(),
    jobStatus: jobStatusSchema.nullable(),
    jobError: z.string().nullable(),
    jobAttempts: z.number().int().nullable(),
    proposalId: z.uuid().nullable(),
    proposalStatus: proposalStatusSchema.nullable(),
    updatedAt: z.iso.datetime(),
    retryable: z.boolean(),
  })
  .openapi('IngestLink')

/** How far a paste is: `settled` links need nothing more (terminal, or their job is dead). */
export const batchSummarySchema = z
  .object({ counts: countsSchema, settled: z.number().int(), total: z.number().int(), done: z.boolean() })
  .openapi('IngestBatchSummary')

export const batchViewSchema = batchSummarySchema.extend({ batch: batchRefSchema, links: z.array(ingestLinkViewSchema) }).openapi('IngestBatch')

export const retriedLinkSchema = z.object({ id: z.uuid(), status: z.literal('queued') })

/** A stored draft (what `proposalDraftSchema` produced, maybe edited since). */
export const storedDraftSchema = z
  .object({ ...draftFields, ctas: draftFields.ctas.default([]), variants: draftFields.variants.default([]) })
  .openapi('ProposalDraft')

export const proposalListSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.uuid(),
        status: proposalStatusSchema,
        draft: storedDraftSchema,
        matchedProductId: z.uuid().nullable(),
        matchedProductTitle: z.string().nullable(),
        productId: z.uuid().nullable(),
        videoId: z.uuid(),
        videoUrl: z.string(),
        caption: z.string().nullable(),
        authorName: z.string().nullable(),
        coverUrl: z.string().nullable(),
        createdAt: z.iso.datetime(),
      }),
    ),
    mergeTargets: z
      .array(z.object({ id: z.uuid(), title: z.string(), status: z.enum(['draft', 'published', 'archived']) }))
      .describe('Products a proposal can be merged into (not archived), newest first, including ones approved from earlier proposals'),
  })
  .openapi('ProposalList')

export const proposalSchema = z
  .object({
    id: z.uuid(),
    merchantId: z.uuid(),
    videoId: z.uuid(),
    status: proposalStatusSchema,
    draft: storedDraftSchema,
    matchedProductId: z.uuid().nullable(),
    productId: z.uuid().nullable(),
    decidedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi('Proposal')

export const proposalResultSchema = z.object({ proposal: proposalSchema })
export const proposalDecisionSchema = z.object({ proposal: proposalSchema, productId: z.uuid() })

export const categorySchema = z.object({ id: z.uuid(), slug: z.string(), name: z.string(), keywords: z.array(z.string()) }).openapi('Category')
export const categoryListSchema = z.object({ items: z.array(categorySchema) })
export const categoryResultSchema = z.object({ category: categorySchema })
