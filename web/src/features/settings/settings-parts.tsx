import type { ReactNode } from 'react'
import { Card, CardDescription, CardHeader, CardTitle, CopyButton } from '../../components/ui/ui'

/** One settings card: an icon, a title, what it is for, then its content. */
export function SettingsCard({ icon, title, description, children }: { icon: ReactNode; title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2 [&_svg]:size-4 [&_svg]:text-muted-foreground">
          {icon}
          {title}
        </CardTitle>
        {description ? <CardDescription>{description}</CardDescription> : null}
      </CardHeader>
      {children}
    </Card>
  )
}

/** A row of a list inside a card: what it is on the left, its actions on the right (wraps on phones). */
export function Row({ children, actions, ...rest }: { children: ReactNode; actions?: ReactNode; 'data-testid'?: string }) {
  return (
    <li className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 py-3" {...rest}>
      <div className="flex min-w-0 flex-1 flex-col gap-0.5 text-sm">{children}</div>
      {actions ? <div className="flex shrink-0 flex-wrap items-center gap-2">{actions}</div> : null}
    </li>
  )
}

/** A value shown once (an invite link, a new token's secret) with a copy button. */
export function OneTimeValue({
  tone,
  heading,
  value,
  testId,
  copyLabel,
  copied,
  children,
}: {
  tone: 'success' | 'warning'
  heading: string
  value: string
  testId: string
  copyLabel: string
  copied: string
  /** A line under the value (how to use it). */
  children?: ReactNode
}) {
  return (
    <div className={`flex flex-col gap-2 rounded-lg border p-3 text-sm ${tone === 'success' ? 'bg-success-soft' : 'bg-warning-soft'}`} role="status">
      <span className="font-medium text-foreground">{heading}</span>
      <div className="flex flex-wrap items-center gap-2">
        <code data-testid={testId} className="min-w-0 flex-1 break-all rounded bg-card px-2 py-1 font-mono text-xs">
          {value}
        </code>
        <CopyButton text={value} size="sm" label={copyLabel} done={copied} />
      </div>
      {children ? <span className="text-xs text-muted-foreground">{children}</span> : null}
    </div>
  )
}
