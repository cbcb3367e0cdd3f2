import { z } from 'zod'
import { acceptInviteSchema, changeRoleSchema, createInviteSchema, createTokenSchema, idParam, updateShopSchema, userIdParam } from '../accounts/schemas'
import { changePasswordSchema, loginSchema, meResponseSchema, sessionIdParam, signupSchema, switchShopSchema } from '../auth/schemas'
import {
  auditQuerySchema,
  bulkEditSchema,
  createProductSchema,
  importQuerySchema,
  linkVideosSchema,
  productIdParam,
  productImageParam,
  searchQuerySchema,
  updateProductSchema,
} from '../catalog/schemas'

/**
 * One API operation, described from the same zod schemas the routes validate with, so the
 * document cannot drift from what the Worker accepts. Features add their operations to
 * `OPERATIONS` (one entry per route).
 */
export type Operation = {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  path: string
  tag: string
  summary: string
  description?: string
  /** Who may call it: public, any signed-in user, or a shop member with at least this role. */
  auth: 'public' | 'user' | 'viewer' | 'staff' | 'owner'
  params?: z.ZodObject
  query?: z.ZodObject
  body?: z.ZodType
  /** Request body media type when not JSON. */
  bodyType?: 'text/csv' | 'multipart/form-data'
  response?: z.ZodType
  responseType?: string
  status?: number
}

const list = (item: z.ZodType) => z.object({ items: z.array(item), nextCursor: z.string().nullable().optional() })
const productOut = z.object({
  id: z.uuid(),
  slug: z.string(),
  title: z.string(),
  description: z.string(),
  status: z.enum(['draft', 'published', 'archived']),
  priceMinor: z.number().int(),
  compareAtMinor: z.number().int().nullable(),
  currency: z.string(),
  sku: z.string().nullable(),
  stock: z.number().int().nullable(),
  category: z.string().nullable(),
  tags: z.array(z.string()),
  ref: z.string().describe('Reference code used in chat links for attribution'),
  variants: z.array(
    z.object({
      id: z.uuid(),
      title: z.string(),
      options: z.record(z.string(), z.string()),
      priceMinor: z.number().int(),
      sku: z.string().nullable(),
      stock: z.number().int().nullable(),
    }),
  ),
  images: z.array(
    z.object({
      assetId: z.uuid(),
      key: z.string().describe('GET /media/<key>'),
      thumbnails: z.array(z.object({ key: z.string(), width: z.number().nullable() })),
    }),
  ),
  videos: z.array(z.object({ id: z.uuid(), url: z.string() })),
})
const importOut = z.object({
  dryRun: z.boolean(),
  summary: z.object({ create: z.number(), update: z.number(), unchanged: z.number() }),
  items: z.array(
    z.object({ line: z.number(), slug: z.string(), title: z.string(), action: z.enum(['create', 'update', 'unchanged']), changes: z.array(z.string()) }),
  ),
})

export const OPERATIONS: Operation[] = [
  {
    method: 'post',
    path: '/api/auth/signup',
    tag: 'Auth',
    summary: 'Create an account and a shop (or join one with `inviteToken`); signs in',
    auth: 'public',
    body: signupSchema,
    response: meResponseSchema,
    status: 201,
  },
  {
    method: 'post',
    path: '/api/auth/login',
    tag: 'Auth',
    summary: 'Log in with email and password; sets the `lh_session` cookie',
    description: 'Rate-limited: 10 failed attempts per account and 50 per IP in 15 minutes answer 429.',
    auth: 'public',
    body: loginSchema,
    response: meResponseSchema,
  },
  { method: 'post', path: '/api/auth/logout', tag: 'Auth', summary: 'Revoke this session and clear the cookie', auth: 'public', status: 204 },
  {
    method: 'get',
    path: '/api/auth/me',
    tag: 'Auth',
    summary: 'The signed-in user, active shop and all their shops',
    auth: 'user',
    response: meResponseSchema,
  },
  {
    method: 'post',
    path: '/api/auth/password',
    tag: 'Auth',
    summary: 'Change password (other sessions are revoked)',
    auth: 'user',
    body: changePasswordSchema,
    status: 204,
  },
  { method: 'get', path: '/api/auth/sessions', tag: 'Auth', summary: 'Your active sessions', auth: 'user' },
  { method: 'delete', path: '/api/auth/sessions/{id}', tag: 'Auth', summary: 'Revoke one of your sessions', auth: 'user', params: sessionIdParam, status: 204 },
  {
    method: 'post',
    path: '/api/auth/switch',
    tag: 'Auth',
    summary: 'Make another of your shops the active one',
    auth: 'user',
    body: switchShopSchema,
    response: meResponseSchema,
  },

  { method: 'get', path: '/api/shop', tag: 'Shop', summary: 'Shop settings', auth: 'viewer' },
  { method: 'patch', path: '/api/shop', tag: 'Shop', summary: 'Update shop name, bio, default currency', auth: 'owner', body: updateShopSchema },
  { method: 'get', path: '/api/members', tag: 'Shop', summary: 'Members and roles', auth: 'viewer' },
  {
    method: 'patch',
    path: '/api/members/{userId}',
    tag: 'Shop',
    summary: "Change a member's role (a shop keeps at least one owner)",
    auth: 'owner',
    params: userIdParam,
    body: changeRoleSchema,
  },
  { method: 'delete', path: '/api/members/{userId}', tag: 'Shop', summary: 'Remove a member', auth: 'owner', params: userIdParam, status: 204 },
  { method: 'get', path: '/api/invites', tag: 'Shop', summary: 'Pending invites', auth: 'owner' },
  {
    method: 'post',
    path: '/api/invites',
    tag: 'Shop',
    summary: 'Create an invite link (token shown once, valid 7 days)',
    auth: 'owner',
    body: createInviteSchema,
    status: 201,
  },
  { method: 'delete', path: '/api/invites/{id}', tag: 'Shop', summary: 'Withdraw an invite', auth: 'owner', params: idParam, status: 204 },
  {
    method: 'post',
    path: '/api/invites/accept',
    tag: 'Shop',
    summary: 'Join the shop of an invite as the signed-in user',
    auth: 'user',
    body: acceptInviteSchema,
  },
  { method: 'get', path: '/api/tokens', tag: 'Shop', summary: 'API tokens (never their secrets)', auth: 'owner' },
  {
    method: 'post',
    path: '/api/tokens',
    tag: 'Shop',
    summary: 'Create an API token for this shop (secret shown once)',
    auth: 'owner',
    body: createTokenSchema,
    status: 201,
  },
  { method: 'delete', path: '/api/tokens/{id}', tag: 'Shop', summary: 'Revoke an API token', auth: 'owner', params: idParam, status: 204 },

  {
    method: 'get',
    path: '/api/products',
    tag: 'Catalog',
    summary: 'Search and filter products',
    description:
      'Full-text search (accent-insensitive, prefix on the last word) plus trigram matching for typos; filters; cursor pagination (pass `nextCursor` back as `cursor`).',
    auth: 'viewer',
    query: searchQuerySchema,
    response: list(productOut.omit({ variants: true, images: true, videos: true })),
  },
  {
    method: 'post',
    path: '/api/products',
    tag: 'Catalog',
    summary: 'Create a product with variants',
    auth: 'staff',
    body: createProductSchema,
    response: productOut,
    status: 201,
  },
  {
    method: 'get',
    path: '/api/products/{id}',
    tag: 'Catalog',
    summary: 'A product with variants, images and linked videos',
    auth: 'viewer',
    params: productIdParam,
    response: productOut,
  },
  {
    method: 'patch',
    path: '/api/products/{id}',
    tag: 'Catalog',
    summary: 'Update a product; `variants` replaces the list (ids kept)',
    auth: 'staff',
    params: productIdParam,
    body: updateProductSchema,
    response: productOut,
  },
  { method: 'delete', path: '/api/products/{id}', tag: 'Catalog', summary: 'Delete a product', auth: 'staff', params: productIdParam, status: 204 },
  {
    method: 'post',
    path: '/api/products/{id}/images',
    tag: 'Catalog',
    summary: 'Upload an image (multipart `file`, or raw bytes); thumbnails render in the background',
    auth: 'staff',
    params: productIdParam,
    bodyType: 'multipart/form-data',
    status: 201,
  },
  {
    method: 'delete',
    path: '/api/products/{id}/images/{assetId}',
    tag: 'Catalog',
    summary: 'Remove an image from a product',
    auth: 'staff',
    params: productImageParam,
    status: 204,
  },
  {
    method: 'put',
    path: '/api/products/{id}/videos',
    tag: 'Catalog',
    summary: 'Set the TikTok videos linked to a product',
    auth: 'staff',
    params: productIdParam,
    body: linkVideosSchema,
    response: productOut,
  },
  {
    method: 'post',
    path: '/api/products/bulk',
    tag: 'Catalog',
    summary: 'Bulk edit: status, tags, price by percent or amount, delete',
    auth: 'staff',
    body: bulkEditSchema,
  },
  {
    method: 'get',
    path: '/api/products/export.csv',
    tag: 'Catalog',
    summary: 'Export the catalog as CSV (one row per variant)',
    auth: 'viewer',
    responseType: 'text/csv',
  },
  {
    method: 'post',
    path: '/api/products/import',
    tag: 'Catalog',
    summary: 'Import CSV; `dryRun=true` previews changes. Any row error → 422 with line numbers and nothing imported',
    auth: 'staff',
    query: importQuerySchema,
    bodyType: 'text/csv',
    response: importOut,
  },
  { method: 'get', path: '/api/audit', tag: 'Catalog', summary: 'Audit log: who changed what, newest first', auth: 'viewer', query: auditQuerySchema },
]
