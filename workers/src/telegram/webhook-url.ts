import type { Channel } from '../../../db/schema'
import type { Config } from '../config'

/** Where a channel's provider delivers: one URL for every WhatsApp number, one per Telegram bot. */
export function webhookUrl(config: Pick<Config, 'APP_URL'>, channel: Pick<Channel, 'kind' | 'webhookKey'>): string {
  const base = config.APP_URL.replace(/\/+$/, '')
  return channel.kind === 'telegram' ? `${base}/webhooks/telegram/${channel.webhookKey}` : `${base}/webhooks/whatsapp`
}
