import { Command as Cmdk } from 'cmdk'
import { Search } from 'lucide-react'
import { Dialog as DialogPrimitive } from 'radix-ui'
import type { ComponentProps, ReactNode } from 'react'
import { cn } from './cn'

/** A ⌘K palette frame: a modal with a search box over a filtered list (cmdk). */
export function CommandDialog({
  open,
  onOpenChange,
  children,
  shouldFilter,
  search,
  onSearchChange,
  placeholder,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
  children: ReactNode
  shouldFilter?: boolean
  search: string
  onSearchChange: (s: string) => void
  placeholder: string
}) {
  return (
    <DialogPrimitive.Root open={open} onOpenChange={onOpenChange}>
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay className="fixed inset-0 z-50 bg-black/50" />
        <DialogPrimitive.Content
          aria-describedby={undefined}
          className="fixed top-[12dvh] left-1/2 z-50 w-[calc(100%-1.5rem)] max-w-xl -translate-x-1/2 overflow-hidden rounded-xl border bg-popover text-popover-foreground shadow-2xl"
        >
          <DialogPrimitive.Title className="sr-only">Jump to</DialogPrimitive.Title>
          <Cmdk shouldFilter={shouldFilter} label="Jump to" className="flex flex-col">
            <div className="flex items-center gap-2 border-b px-3">
              <Search className="size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
              <Cmdk.Input
                value={search}
                onValueChange={onSearchChange}
                placeholder={placeholder}
                onKeyDown={(e) => {
                  // Results that arrive after typing (an API search) are not highlighted by cmdk:
                  // Enter then opens the first one, as the user expects.
                  if (e.key !== 'Enter') return
                  const root = e.currentTarget.closest('[cmdk-root]')
                  if (root && !root.querySelector('[cmdk-item][data-selected="true"]')) {
                    e.preventDefault()
                    root.querySelector<HTMLElement>('[cmdk-item]')?.click()
                  }
                }}
                className="h-12 w-full bg-transparent text-sm outline-none placeholder:text-muted-foreground"
              />
            </div>
            <Cmdk.List className="max-h-[min(60dvh,420px)] overflow-y-auto p-1">{children}</Cmdk.List>
          </Cmdk>
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  )
}

export function CommandGroup({ className, ...rest }: ComponentProps<typeof Cmdk.Group>) {
  return (
    <Cmdk.Group
      className={cn(
        'p-1 text-foreground [&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1.5 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-medium [&_[cmdk-group-heading]]:text-muted-foreground',
        className,
      )}
      {...rest}
    />
  )
}

export function CommandItem({ className, ...rest }: ComponentProps<typeof Cmdk.Item>) {
  return (
    <Cmdk.Item
      className={cn(
        'flex cursor-pointer select-none items-center gap-2 rounded-md px-2 py-2 text-sm outline-none data-[selected=true]:bg-accent data-[selected=true]:text-accent-foreground [&_svg]:size-4 [&_svg]:shrink-0 [&_svg]:text-muted-foreground',
        className,
      )}
      {...rest}
    />
  )
}

export const CommandEmpty = ({ children }: { children: ReactNode }) => (
  <Cmdk.Empty className="px-3 py-6 text-center text-sm text-muted-foreground">{children}</Cmdk.Empty>
)
