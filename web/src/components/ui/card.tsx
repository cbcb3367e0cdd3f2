import type { HTMLAttributes, Ref } from 'react'
import { cn } from './cn'

/** A surface for one group of things (a form, a table, a chart); `as` picks the element. */
export function Card({
  className,
  as: As = 'div',
  ref,
  ...rest
}: HTMLAttributes<HTMLElement> & { as?: 'div' | 'article' | 'section'; ref?: Ref<HTMLElement> }) {
  return <As ref={ref as Ref<HTMLDivElement>} className={cn('rounded-xl border bg-card text-card-foreground shadow-xs', className)} {...rest} />
}

export function CardHeader({ className, ...rest }: HTMLAttributes<HTMLDivElement>) {
  return <div className={cn('flex flex-col gap-1 px-5 pt-5', className)} {...rest} />
}

export function CardTitle({ className, ...rest }: HTMLAttributes<HTMLHeadingElement>) {
  return <h2 className={cn('text-base font-semibold leading-tight', className)} {...rest} />
}

export function CardDescription({ className, ...rest }: HTMLAttributes<HTMLParagraphElement>) {
  return <p className={cn('text-sm text-muted-foreground', className)} {...rest} />
}

export function CardContent({ className, ...rest }: HTMLAttributes<HTMLDivElement>) {
  return <div className={cn('p-5', className)} {...rest} />
}

export function CardFooter({ className, ...rest }: HTMLAttributes<HTMLDivElement>) {
  return <div className={cn('flex items-center gap-2 border-t px-5 py-3', className)} {...rest} />
}
