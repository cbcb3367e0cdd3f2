import { Check, ChevronDown } from 'lucide-react'
import { Select as SelectPrimitive } from 'radix-ui'
import type { ReactNode, SelectHTMLAttributes } from 'react'
import { cn } from './cn'
import { type FieldProps, FieldShell } from './field'

export type SelectOption<V extends string = string> = { value: V; label: ReactNode; disabled?: boolean }

type PickerProps<V extends string> = {
  value: V
  onValueChange: (value: V) => void
  options: readonly SelectOption<V>[]
  placeholder?: string
  disabled?: boolean
  id?: string
  className?: string
  'aria-label'?: string
  'aria-describedby'?: string
  'data-testid'?: string
}

// Radix Select cannot hold an empty-string value; '' (e.g. "All") travels as this sentinel.
const EMPTY = '__empty__'
const toItem = (v: string) => (v === '' ? EMPTY : v)
const fromItem = (v: string) => (v === EMPTY ? '' : v)

/** A select on Radix: keyboard and screen-reader friendly, styled like the rest of the dashboard. */
export function Picker<V extends string>({ value, onValueChange, options, placeholder, disabled, id, className, ...aria }: PickerProps<V>) {
  return (
    <SelectPrimitive.Root value={toItem(value)} onValueChange={(v) => onValueChange(fromItem(v) as V)} disabled={disabled}>
      <SelectPrimitive.Trigger
        id={id}
        {...aria}
        className={cn(
          'flex h-9 w-full min-w-0 cursor-pointer items-center justify-between gap-2 rounded-md border border-input bg-card px-3 text-left text-sm text-foreground shadow-xs focus-visible:outline-2 focus-visible:outline-ring/40 disabled:cursor-not-allowed disabled:opacity-60 data-[placeholder]:text-muted-foreground',
          className,
        )}
      >
        <span className="truncate">
          <SelectPrimitive.Value placeholder={placeholder} />
        </span>
        <SelectPrimitive.Icon asChild>
          <ChevronDown className="size-4 shrink-0 opacity-60" aria-hidden="true" />
        </SelectPrimitive.Icon>
      </SelectPrimitive.Trigger>
      <SelectPrimitive.Portal>
        <SelectPrimitive.Content
          position="popper"
          sideOffset={4}
          className="z-50 max-h-[min(24rem,var(--radix-select-content-available-height))] min-w-[var(--radix-select-trigger-width)] overflow-hidden rounded-md border bg-popover text-popover-foreground shadow-lg"
        >
          <SelectPrimitive.Viewport className="p-1">
            {options.map((o) => (
              <SelectPrimitive.Item
                key={o.value}
                value={toItem(o.value)}
                disabled={o.disabled}
                className="relative flex cursor-pointer select-none items-center rounded-sm py-1.5 pr-8 pl-2 text-sm outline-none data-[disabled]:pointer-events-none data-[highlighted]:bg-accent data-[highlighted]:text-accent-foreground data-[disabled]:opacity-50"
              >
                <SelectPrimitive.ItemText>{o.label}</SelectPrimitive.ItemText>
                <SelectPrimitive.ItemIndicator className="absolute right-2 inline-flex items-center">
                  <Check className="size-4" aria-hidden="true" />
                </SelectPrimitive.ItemIndicator>
              </SelectPrimitive.Item>
            ))}
          </SelectPrimitive.Viewport>
        </SelectPrimitive.Content>
      </SelectPrimitive.Portal>
    </SelectPrimitive.Root>
  )
}

type NativeProps = SelectHTMLAttributes<HTMLSelectElement> & { options?: undefined }

/**
 * A labelled select with its hint or error: the Radix picker when given `options`, a styled
 * native <select> when given <option> children (kept for pages that need the form value).
 */
export function Select<V extends string>(props: FieldProps & (Omit<PickerProps<V>, 'id' | 'aria-describedby'> | NativeProps)) {
  const { label, error, hint, className } = props
  return (
    <FieldShell label={label} error={error} hint={hint} className={className}>
      {({ id, describedBy }) => {
        if (props.options) {
          const { label: _l, error: _e, hint: _h, className: _c, ...picker } = props
          return <Picker id={id} aria-describedby={describedBy} {...picker} />
        }
        const { label: _l, error: _e, hint: _h, className: _c, options: _o, ...native } = props as FieldProps & NativeProps
        return <NativeSelect id={id} aria-describedby={describedBy} {...native} />
      }}
    </FieldShell>
  )
}

/** A native <select> styled like the other controls. */
export function NativeSelect({ className, ...rest }: SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <select
      className={cn(
        'h-9 w-full min-w-0 cursor-pointer rounded-md border border-input bg-card px-3 text-sm text-foreground shadow-xs focus-visible:outline-2 focus-visible:outline-ring/40',
        className,
      )}
      {...rest}
    />
  )
}
