import { parseRef } from '../../../../../contracts/attribution-ref'
import type { InboundEvent } from '../inbound'
import type { BotProduct } from '../ports'
import type { ConversationState } from '../state'
import type { Turn } from '../turn'

/**
 * Attribution, read before anything else in a turn: a t.me `/start` payload, a wa.me prefilled
 * "(ref …)", or a product the shopper viewed in the WhatsApp catalog. The first ref of a
 * conversation sticks: it is resolved to its product, video or short link, stored in the state and
 * counted as `chat_started`. Returns the product the shopper came for, if any.
 */
export async function attribute(t: Turn, event: InboundEvent): Promise<BotProduct | undefined> {
  const { catalog, attribution: refs } = t.deps
  let product: BotProduct | undefined
  if (event.referredProduct) product = (await catalog.productByRetailerId(event.referredProduct))?.product
  // A bare word is only a ref in a /start payload; in free text it must follow the word "ref".
  const refText = event.startPayload ?? (/\bref\b/i.test(event.text) ? event.text : null)
  const ref = parseRef(refText)
  if (!ref || t.state.attribution) return product
  const found = await catalog.productByRetailerId(ref.productRef)
  if (!found) return product
  const attribution: NonNullable<ConversationState['attribution']> = {
    ref: (refText ?? '').match(/[A-Za-z0-9]{4,16}(?:-[PVL][A-Za-z0-9]{0,32})?(?=\)?\s*$)/)?.[0] ?? ref.productRef,
    productId: found.product.id,
  }
  if (ref.source.kind === 'video') {
    const videoId = await refs.videoIdByExternalId(ref.source.videoExternalId)
    if (videoId) attribution.videoId = videoId
  } else if (ref.source.kind === 'link') {
    const linkId = await refs.linkIdByCode(ref.source.linkCode)
    if (linkId) attribution.linkId = linkId
  }
  t.state.attribution = attribution
  t.result.ref = attribution.ref
  t.result.events.push({
    type: 'chat_started',
    productId: attribution.productId,
    videoId: attribution.videoId,
    linkId: attribution.linkId,
    ref: attribution.ref,
  })
  return product ?? found.product
}
