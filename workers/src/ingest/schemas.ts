import { z } from 'zod'

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

const draftFields = {
  title: z.string().trim().min(1).max(200),
  description: z.string().max(5000),
  priceMinor: z.number().int().nonnegative().nullable(),
  compareAtMinor: z.number().int().nonnegative().nullable(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as "NGN"'),
  tags: z.array(z.string().trim().min(1).max(60)).max(30),
  category: z.string().max(60).nullable(),
  seo: z.object({
    title: z.string().max(200).optional(),
    description: z.string().max(500).optional(),
    keywords: z.array(z.string().max(60)).max(30).optional(),
  }),
  codes: z.array(z.string()),
  sizes: z.array(z.string()),
  colours: z.array(z.string()),
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
  sizes: draftFields.sizes.default([]),
  colours: draftFields.colours.default([]),
})
export type ProposalDraft = z.infer<typeof proposalDraftSchema>

/** Edits of a draft: only the fields sent change (no defaults, unlike the draft itself). */
export const editProposalSchema = z.object(draftFields).partial()

export const approveProposalSchema = z.object({
  /** Edits applied before creating the product. */
  draft: editProposalSchema.optional(),
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
export const categoryPatchSchema = categoryInputSchema.omit({ slug: true }).partial()

export const idParamSchema = z.object({ id: z.uuid() })

export const ingestLinkPayloadSchema = z.object({ linkId: z.uuid() })
export type IngestLinkPayload = z.infer<typeof ingestLinkPayloadSchema>
