import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Badge, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, ConfirmDialog, toast } from '../../components/ui/ui'
import { PLATFORM_NAME, type Post, type PostTarget, publishingApi, STATUS_LABEL } from './api'

export const TONE: Record<string, 'neutral' | 'primary' | 'success' | 'warning' | 'danger'> = {
  scheduled: 'neutral',
  paused: 'warning',
  publishing: 'primary',
  processing: 'primary',
  published: 'success',
  inbox: 'success',
  failed: 'danger',
  unconfirmed: 'warning',
  cancelled: 'neutral',
}

const n = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toLocaleString())

function TargetRow({ t }: { t: PostTarget }) {
  return (
    <li className="grid gap-1 border-t py-2 first:border-t-0" data-testid={`target-${t.platform}`}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{PLATFORM_NAME[t.platform]}</span>
        <Badge tone={TONE[t.status] ?? 'neutral'} data-status={t.status}>
          {STATUS_LABEL[t.status] ?? t.status}
        </Badge>
        {t.platformPostId ? (
          t.permalink ? (
            <a className="text-sm underline" href={t.permalink} target="_blank" rel="noreferrer">
              {t.platformPostId}
            </a>
          ) : (
            <span className="text-sm text-muted-foreground">{t.platformPostId}</span>
          )
        ) : null}
      </div>
      {t.message ? (
        <p className={t.status === 'failed' || t.status === 'unconfirmed' ? 'text-sm text-destructive' : 'text-sm text-muted-foreground'}>{t.message}</p>
      ) : null}
      {t.metrics ? (
        <p className="text-sm text-muted-foreground" data-testid={`metrics-${t.platform}`}>
          {n(t.metrics.views)} views · {n(t.metrics.likes)} likes · {n(t.metrics.comments)} comments · {n(t.metrics.shares)} shares
        </p>
      ) : null}
    </li>
  )
}

export function PostCard({ post }: { post: Post }) {
  const qc = useQueryClient()
  const cancel = useMutation({
    mutationFn: () => publishingApi.cancel(post.id),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['publishing', 'posts'] }),
    onError: toast.error,
  })
  const postNow = useMutation({
    mutationFn: () => publishingApi.publishNow(post.id),
    onSuccess: () => {
      toast.success('Posting now')
      return qc.invalidateQueries({ queryKey: ['publishing', 'posts'] })
    },
    onError: toast.error,
  })
  const open = post.status !== 'cancelled' && post.targets.some((t) => t.status === 'scheduled' || t.status === 'paused')
  const waiting = post.targets.filter((t) => t.status === 'scheduled').map((t) => PLATFORM_NAME[t.platform])
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">
          {post.localTime.replace('T', ' ')} <span className="text-sm font-normal text-muted-foreground">{post.timeZone}</span>
        </CardTitle>
        <CardDescription>
          {post.status === 'draft'
            ? 'Draft'
            : post.status === 'cancelled'
              ? 'Cancelled'
              : `${post.targets.length} platform${post.targets.length === 1 ? '' : 's'}`}
        </CardDescription>
      </CardHeader>
      <CardContent>
        <ul>
          {post.targets.map((t) => (
            <TargetRow key={t.id} t={t} />
          ))}
        </ul>
        {open ? (
          <div className="flex flex-wrap gap-2 pt-2">
            {waiting.length ? (
              <ConfirmDialog
                title="Post now?"
                description={`It goes to ${waiting.join(' and ')} now instead of ${post.localTime.replace('T', ' ')} ${post.timeZone}.`}
                confirmLabel="Post now"
                destructive={false}
                onConfirm={() => postNow.mutateAsync()}
              >
                <Button variant="secondary">Post now</Button>
              </ConfirmDialog>
            ) : null}
            <Button variant="ghost" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
              Cancel
            </Button>
          </div>
        ) : null}
      </CardContent>
    </Card>
  )
}
