import { AlertCircle, Loader2 } from 'lucide-react'
import type { ReactNode } from 'react'
import { Toaster as Sonner, toast as sonnerToast } from 'sonner'
import { cn } from './cn'

/** Shown while data loads (a spinner and what is loading). Prefer a Skeleton where the shape is known. */
export function Loading({ label = 'Loading…', className }: { label?: string; className?: string }) {
  return (
    <p role="status" aria-busy="true" className={cn('flex items-center gap-2 p-4 text-sm text-muted-foreground', className)}>
      <Loader2 className="size-4 animate-spin" aria-hidden="true" /> {label}
    </p>
  )
}

/** An error the user can act on: what went wrong and what to do next. */
export function ErrorNote({ error, action, className }: { error: unknown; action?: ReactNode; className?: string }) {
  const message = error instanceof Error ? error.message : String(error)
  return (
    <div role="alert" className={cn('flex items-start gap-3 rounded-lg border border-destructive/30 bg-danger-soft p-3 text-sm text-destructive', className)}>
      <AlertCircle className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
      <div className="flex flex-col gap-2">
        <strong className="font-medium">{message.charAt(0).toUpperCase() + message.slice(1)}</strong>
        {action ? <div>{action}</div> : null}
      </div>
    </div>
  )
}

/** What a page shows when there is nothing yet, with the first thing to do. */
export function EmptyState({ title, children, action, icon }: { title: string; children?: ReactNode; action?: ReactNode; icon?: ReactNode }) {
  return (
    <div className="flex flex-col items-center gap-3 rounded-xl border border-dashed bg-card px-6 py-10 text-center">
      {icon ? <div className="rounded-full bg-muted p-3 text-muted-foreground [&_svg]:size-6">{icon}</div> : null}
      <h3 className="text-base font-semibold">{title}</h3>
      {children ? <p className="max-w-md text-sm text-muted-foreground">{children}</p> : null}
      {action}
    </div>
  )
}

/** A one-line confirmation under a form ("Saved."), announced politely; tests and screen readers read it. */
export function Saved({ children = 'Saved.', className }: { children?: ReactNode; className?: string }) {
  return (
    <p role="status" className={cn('text-sm font-medium text-success', className)}>
      {children}
    </p>
  )
}

/** Toasts: every save and failure says so in the corner as well as on the form. */
export function Toaster() {
  return (
    <Sonner
      position="bottom-right"
      closeButton
      toastOptions={{
        classNames: {
          toast: 'rounded-lg! border! bg-popover! text-popover-foreground! shadow-lg!',
          description: 'text-muted-foreground!',
        },
      }}
    />
  )
}

/** True for a 400 whose `details` name fields (the form shows each message under its input). */
const hasFieldMessages = (err: unknown) => {
  const details = (err as { details?: unknown } | null)?.details
  return Array.isArray(details) && details.some((d) => typeof (d as { path?: unknown })?.path === 'string')
}

export const toast = {
  success: (message: string) => sonnerToast.success(message),
  /** A failed save: the API's message, or "see the form" when the form shows per-field messages. */
  error: (error: unknown) =>
    sonnerToast.error(
      hasFieldMessages(error) ? 'Some fields need fixing: see the messages on the form.' : error instanceof Error ? error.message : String(error),
    ),
  info: (message: string) => sonnerToast(message),
}
