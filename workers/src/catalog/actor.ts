/** Who acts in a catalog use case: the shop, and the person (null for an API token) that the audit log records. */
export type Actor = { merchantId: string; userId: string | null }
