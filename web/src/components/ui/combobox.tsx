import { Command as Cmdk } from 'cmdk'
import { Check, ChevronsUpDown } from 'lucide-react'
import { Popover } from 'radix-ui'
import { useState } from 'react'
import { CURRENCIES } from '../../../../contracts/currencies'
import { cn } from './cn'
import { type FieldProps, FieldShell } from './field'

export type ComboOption = { value: string; label: string; keywords?: string[] }

/** A searchable select (type to filter) for long lists such as currencies or products. */
export function Combobox({
  value,
  onValueChange,
  options,
  placeholder = 'Choose…',
  searchPlaceholder = 'Search…',
  id,
  disabled,
  'aria-label': ariaLabel,
  'aria-describedby': describedBy,
}: {
  value: string
  onValueChange: (value: string) => void
  options: readonly ComboOption[]
  placeholder?: string
  searchPlaceholder?: string
  id?: string
  disabled?: boolean
  'aria-label'?: string
  'aria-describedby'?: string
}) {
  const [open, setOpen] = useState(false)
  const current = options.find((o) => o.value === value)
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger
        id={id}
        disabled={disabled}
        role="combobox"
        aria-expanded={open}
        aria-label={ariaLabel}
        aria-describedby={describedBy}
        className="flex h-9 w-full min-w-0 cursor-pointer items-center justify-between gap-2 rounded-md border border-input bg-card px-3 text-left text-sm shadow-xs focus-visible:outline-2 focus-visible:outline-ring/40 disabled:opacity-60"
      >
        <span className={cn('truncate', !current && 'text-muted-foreground')}>{current?.label ?? (value || placeholder)}</span>
        <ChevronsUpDown className="size-4 shrink-0 opacity-60" aria-hidden="true" />
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="start"
          sideOffset={4}
          className="z-50 w-[max(var(--radix-popover-trigger-width),16rem)] rounded-md border bg-popover p-0 text-popover-foreground shadow-lg"
        >
          <Cmdk label={ariaLabel ?? placeholder}>
            <Cmdk.Input
              placeholder={searchPlaceholder}
              className="h-10 w-full border-b bg-transparent px-3 text-sm outline-none placeholder:text-muted-foreground"
            />
            <Cmdk.List className="max-h-64 overflow-y-auto p-1">
              <Cmdk.Empty className="px-3 py-4 text-center text-sm text-muted-foreground">No match.</Cmdk.Empty>
              {options.map((o) => (
                <Cmdk.Item
                  key={o.value}
                  value={o.value}
                  keywords={[o.label, ...(o.keywords ?? [])]}
                  onSelect={() => {
                    onValueChange(o.value)
                    setOpen(false)
                  }}
                  className="flex cursor-pointer items-center gap-2 rounded-sm px-2 py-1.5 text-sm data-[selected=true]:bg-accent data-[selected=true]:text-accent-foreground"
                >
                  <Check className={cn('size-4', o.value === value ? 'opacity-100' : 'opacity-0')} aria-hidden="true" />
                  {o.label}
                </Cmdk.Item>
              ))}
            </Cmdk.List>
          </Cmdk>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  )
}

const CURRENCY_OPTIONS: ComboOption[] = CURRENCIES.map((c) => ({ value: c.code, label: `${c.code} · ${c.name}` }))

/** A labelled ISO 4217 currency picker (type "shilling" or "KES"). */
export function CurrencyField({
  label = 'Currency',
  value,
  onValueChange,
  error,
  hint,
  className,
}: Partial<FieldProps> & { value: string; onValueChange: (code: string) => void }) {
  return (
    <FieldShell label={label} error={error} hint={hint} className={className}>
      {({ id, describedBy }) => (
        <Combobox
          id={id}
          aria-describedby={describedBy}
          value={value}
          onValueChange={onValueChange}
          options={CURRENCY_OPTIONS}
          placeholder="Choose a currency"
          searchPlaceholder="Search currencies…"
        />
      )}
    </FieldShell>
  )
}
