import { countOf } from './count-of'
/**
 * Human sentences for the shop's change log (`GET /api/audit` → `items[].action`), so the Activity
 * page shows "Updated shop settings" instead of `shop.update`. Pure: the web app and the Worker can
 * both use it. Every action the Worker writes has an entry here (contracts/audit-actions.test.ts
 * scans the Worker's source for them).
 */

/** The sentence of each action the Worker writes, in the past tense, without a subject ("Alice …"). */
export const AUDIT_ACTION_LABELS = {
  'shop.update': 'Updated shop settings',
  'member.role': "Changed a member's role",
  'member.remove': 'Removed a member from the shop',
  'invite.create': 'Invited someone to the shop',
  'token.create': 'Created an API token',
  'token.revoke': 'Revoked an API token',
  'webhook.create': 'Added a webhook endpoint',
  'webhook.update': 'Changed a webhook endpoint',
  'webhook.delete': 'Deleted a webhook endpoint',
  'webhook.rotate_secret': "Rotated a webhook endpoint's signing secret",
  'webhook.replay': 'Replayed webhook deliveries',
  'product.create': 'Added a product',
  'product.update': 'Edited a product',
  'product.delete': 'Deleted a product',
  'product.import': 'Imported products from a CSV file',
  'product.image.add': 'Added a photo to a product',
  'product.image.remove': 'Removed a photo from a product',
  'product.image.reorder': "Changed the order of a product's photos",
  'product.videos': 'Changed the videos linked to a product',
  'product.approve': 'Approved a product from a video',
  'product.merge': 'Added a video to an existing product',
  'proposal.reject': 'Rejected a product proposal from a video',
  'product.bulk.set_status': 'Changed the status of several products',
  'product.bulk.add_tags': 'Added tags to several products',
  'product.bulk.remove_tags': 'Removed tags from several products',
  'product.bulk.change_price': 'Changed the prices of several products',
  'product.bulk.delete': 'Deleted several products',
  'shop.export': 'Exported the whole shop',
  'shop.deletion_requested': 'Asked to delete the shop',
  'shop.deletion_cancelled': 'Cancelled the deletion of the shop',
  'shopper.erase': "Erased a shopper's data",
  'bot.phrase.teach': 'Taught the bot a phrase',
  'bot.phrase.reteach': 'Changed what a taught phrase means to the bot',
  'bot.phrase.forget': 'Made the bot forget a taught phrase',
} as const satisfies Record<string, string>

export type AuditAction = keyof typeof AUDIT_ACTION_LABELS

export const isKnownAuditAction = (action: string): action is AuditAction => Object.hasOwn(AUDIT_ACTION_LABELS, action)

const STATUS_VERB: Record<string, string> = { published: 'Published', draft: 'Unpublished', archived: 'Archived' }

/**
 * The sentence of one change-log entry. `changes` (the entry's `changes` object) makes bulk and
 * import entries specific ("Published 3 products", "Imported 2 new and 5 updated products from a
 * CSV file"); an action this version does not know reads as its words ("Did something: foo bar").
 */
export function auditActionLabel(action: string, changes?: Record<string, unknown> | null): string {
  const c = changes ?? {}
  const ids = Array.isArray(c.ids) ? c.ids.length : null
  if (action.startsWith('product.bulk.') && ids !== null) {
    const products = countOf(ids, 'product')
    switch (action) {
      case 'product.bulk.set_status':
        return typeof c.status === 'string' && STATUS_VERB[c.status] ? `${STATUS_VERB[c.status]} ${products}` : `Changed the status of ${products}`
      case 'product.bulk.add_tags':
        return `Added tags to ${products}`
      case 'product.bulk.remove_tags':
        return `Removed tags from ${products}`
      case 'product.bulk.change_price':
        return `Changed the prices of ${products}`
      case 'product.bulk.delete':
        return `Deleted ${products}`
    }
  }
  if (action === 'product.import' && typeof c.created === 'number' && typeof c.updated === 'number') {
    const parts = [c.created ? `${c.created} new` : '', c.updated ? `${c.updated} updated` : ''].filter(Boolean)
    if (parts.length) return `Imported ${parts.join(' and ')} ${c.created + c.updated === 1 ? 'product' : 'products'} from a CSV file`
  }
  if (action === 'member.role' && typeof c.to === 'string') return `Changed a member's role to ${c.to}`
  if (isKnownAuditAction(action)) return AUDIT_ACTION_LABELS[action]
  const words = action.replace(/[._]+/g, ' ').trim()
  return words ? `Did something: ${words}` : 'Did something'
}
