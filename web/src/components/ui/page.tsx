import type { ReactNode } from 'react'
import { cn } from './cn'

/** The title row of a dashboard page: heading, one line on what the page is for, and its actions. */
export function PageHeader({ title, description, actions, className }: { title: ReactNode; description?: ReactNode; actions?: ReactNode; className?: string }) {
  return (
    <header className={cn('mb-6 flex flex-wrap items-end justify-between gap-3', className)}>
      <div className="flex min-w-0 flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {description ? <p className="text-sm text-muted-foreground">{description}</p> : null}
      </div>
      {actions ? <div className="flex flex-wrap items-center gap-2">{actions}</div> : null}
    </header>
  )
}

/** A labelled section of a page (a heading and its content). */
export function Section({
  title,
  description,
  actions,
  children,
  className,
}: {
  title: ReactNode
  description?: ReactNode
  actions?: ReactNode
  children: ReactNode
  className?: string
}) {
  return (
    <section className={cn('flex flex-col gap-3', className)}>
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div className="flex flex-col gap-0.5">
          <h2 className="text-base font-semibold">{title}</h2>
          {description ? <p className="text-sm text-muted-foreground">{description}</p> : null}
        </div>
        {actions}
      </div>
      {children}
    </section>
  )
}

/** Thumbnail of a product or video, with a neutral placeholder (not a grey box) when there is none. */
export function Thumb({ src, alt, size = 40, className }: { src?: string | null; alt: string; size?: number; className?: string }) {
  const style = { width: size, height: size }
  if (!src) {
    return (
      <span
        role="img"
        aria-label={alt ? `${alt} (no photo yet)` : 'No photo yet'}
        style={style}
        className={cn(
          'inline-flex shrink-0 items-center justify-center rounded-md border bg-muted text-xs font-semibold text-muted-foreground uppercase',
          className,
        )}
      >
        {alt.trim().slice(0, 2)}
      </span>
    )
  }
  return (
    <img src={src} alt={alt} width={size} height={size} loading="lazy" style={style} className={cn('shrink-0 rounded-md border object-cover', className)} />
  )
}
