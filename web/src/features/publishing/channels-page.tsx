import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Link2, RefreshCw, Unplug } from 'lucide-react'
import { useEffect, useState } from 'react'
import { useSearchParams } from 'react-router'
import { PUBLISH_PLATFORMS, type PublishPlatform } from '../../../../contracts/publishing'
import {
  Badge,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  ConfirmDialog,
  ErrorNote,
  Field,
  PageHeader,
  Skeleton,
  Thumb,
  toast,
} from '../../components/ui/ui'
import { hasRole, useMe } from '../../lib/use-me'
import { type Channel, PLATFORM_NAME, publishingApi } from './api'

export const CHANNELS_KEY = ['publishing', 'channels']

function ChannelCard({ platform, channel, available, owner }: { platform: PublishPlatform; channel?: Channel; available: boolean; owner: boolean }) {
  const qc = useQueryClient()
  const connect = useMutation({
    mutationFn: () => publishingApi.connect(platform),
    onSuccess: ({ authorizeUrl }) => {
      window.location.assign(authorizeUrl)
    },
    onError: toast.error,
  })
  const disconnect = useMutation({
    mutationFn: () => publishingApi.disconnect(channel?.id as string),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: CHANNELS_KEY })
      toast.success(`${PLATFORM_NAME[platform]} disconnected`)
    },
    onError: toast.error,
  })
  const importNow = useMutation({
    mutationFn: () => publishingApi.importNow(channel?.id as string),
    onSuccess: (r) => toast.success(r.pasted ? `${r.pasted} new videos sent to import` : 'No new videos since the last import'),
    onError: toast.error,
  })
  const needsReconnect = channel?.status === 'reconnect_required'
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          {PLATFORM_NAME[platform]}
          {channel ? <Badge tone={needsReconnect ? 'danger' : 'success'}>{needsReconnect ? 'Reconnect needed' : 'Connected'}</Badge> : null}
        </CardTitle>
        <CardDescription>
          {!available
            ? 'Not set up on this hub yet (the developer app is missing).'
            : channel
              ? `As ${channel.displayName}${channel.username ? ` (@${channel.username.replace(/^@/, '')})` : ''}`
              : 'Not connected.'}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        {needsReconnect ? (
          <p role="alert" className="text-sm text-destructive">
            {channel?.statusReason}
          </p>
        ) : null}
        {channel?.avatarUrl ? <Thumb src={channel.avatarUrl} alt="" size={40} /> : null}
        <div className="flex flex-wrap gap-2">
          {available && owner && (!channel || needsReconnect) ? (
            <Button onClick={() => connect.mutate()} disabled={connect.isPending}>
              <Link2 aria-hidden="true" /> {needsReconnect ? 'Reconnect' : `Connect ${PLATFORM_NAME[platform].split(' ')[0]}`}
            </Button>
          ) : null}
          {channel && platform === 'tiktok' && !needsReconnect ? (
            <Button variant="secondary" onClick={() => importNow.mutate()} disabled={importNow.isPending}>
              <RefreshCw aria-hidden="true" /> Import my videos
            </Button>
          ) : null}
          {channel && owner ? (
            <ConfirmDialog
              title={`Disconnect ${PLATFORM_NAME[platform]}?`}
              description="We revoke our access at the platform; posts not sent yet are cancelled."
              confirmLabel="Disconnect"
              onConfirm={() => disconnect.mutate()}
            >
              <Button variant="ghost">
                <Unplug aria-hidden="true" /> Disconnect
              </Button>
            </ConfirmDialog>
          ) : null}
        </div>
      </CardContent>
    </Card>
  )
}

function TimeZoneForm({ current, owner }: { current: string; owner: boolean }) {
  const qc = useQueryClient()
  const [tz, setTz] = useState(current)
  useEffect(() => setTz(current), [current])
  const save = useMutation({
    mutationFn: () => publishingApi.setTimeZone(tz),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: CHANNELS_KEY })
      toast.success('Time zone saved')
    },
    onError: toast.error,
  })
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault()
        save.mutate()
      }}
    >
      <Field label="Post times are in" value={tz} onChange={(e) => setTz(e.target.value)} disabled={!owner} hint="An IANA time zone, e.g. Africa/Lagos" />
      {owner ? (
        <Button type="submit" variant="secondary" disabled={save.isPending || tz === current}>
          Save
        </Button>
      ) : null}
    </form>
  )
}

/** Settings → Publishing: connect TikTok, YouTube and Instagram; reconnect; disconnect; the shop's time zone. */
export function PublishingChannelsPage() {
  const me = useMe()
  const owner = hasRole(me.data, 'owner')
  const [params] = useSearchParams()
  const q = useQuery({ queryKey: CHANNELS_KEY, queryFn: publishingApi.channels })
  useEffect(() => {
    const connected = params.get('connected')
    const error = params.get('error')
    if (connected) toast.success(`${PLATFORM_NAME[connected as PublishPlatform] ?? connected} connected`)
    if (error) toast.error(new Error(error))
  }, [params])
  return (
    <div className="grid gap-4">
      <PageHeader
        title="Publishing accounts"
        description="Connect the accounts your videos are posted to. Tokens are stored encrypted; disconnecting revokes our access."
      />
      {q.isPending ? <Skeleton className="h-40" /> : null}
      {q.error ? <ErrorNote error={q.error} /> : null}
      {q.data ? (
        <>
          <TimeZoneForm current={q.data.timeZone} owner={owner} />
          <div className="grid gap-4 md:grid-cols-3">
            {PUBLISH_PLATFORMS.map((p) => (
              <ChannelCard key={p} platform={p} channel={q.data.items.find((c) => c.platform === p)} available={q.data.available.includes(p)} owner={owner} />
            ))}
          </div>
        </>
      ) : null}
    </div>
  )
}
