import type { ButtonHTMLAttributes, InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react'
import { useId } from 'react'
import { minorToDecimal } from '../../../../contracts/money'

/** A button; `variant` picks the look, `busy` disables it and shows progress text. */
export function Button({
  variant = 'primary',
  busy,
  children,
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'secondary' | 'danger' | 'ghost'; busy?: boolean }) {
  return (
    <button type="button" {...rest} className={`btn btn-${variant} ${rest.className ?? ''}`} disabled={rest.disabled || busy} aria-busy={busy || undefined}>
      {children}
    </button>
  )
}

type FieldProps = { label: string; error?: string | null; hint?: ReactNode }

/** A labelled input with its error under it (the error is tied to the input for screen readers). */
export function Field({ label, error, hint, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-err` : undefined} {...input} />
      {hint && !error ? <small className="muted">{hint}</small> : null}
      {error ? (
        <small id={`${id}-err`} className="error">
          {error}
        </small>
      ) : null}
    </div>
  )
}

export function TextArea({ label, error, hint, ...input }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} aria-invalid={error ? true : undefined} {...input} />
      {hint && !error ? <small className="muted">{hint}</small> : null}
      {error ? <small className="error">{error}</small> : null}
    </div>
  )
}

export function Select({ label, children, ...input }: { label: string } & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} {...input}>
        {children}
      </select>
    </div>
  )
}

/** Shown while data loads. */
export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" aria-busy="true">
      <span className="spinner" aria-hidden="true" /> {label}
    </p>
  )
}

/** An error the user can act on: what went wrong and what to do next. */
export function ErrorNote({ error, action }: { error: unknown; action?: ReactNode }) {
  const message = error instanceof Error ? error.message : String(error)
  return (
    <div role="alert" className="error-note">
      <strong>{message.charAt(0).toUpperCase() + message.slice(1)}</strong>
      {action ? <div>{action}</div> : null}
    </div>
  )
}

/** What a page shows when there is nothing yet, with the first thing to do. */
export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty-state card">
      <h3>{title}</h3>
      {children ? <p className="muted">{children}</p> : null}
      {action}
    </div>
  )
}

// Money for display and editing comes from the one money module the Worker uses too.
export { decimalToMinor as parseMoney, formatMoney, minorToDecimal } from '../../../../contracts/money'

/** Minor units as an editable amount string (1250 USD → "12.50"); empty when there is none. */
export const minorToInput = (minor: number | null | undefined, currency: string): string =>
  minor === null || minor === undefined ? '' : minorToDecimal(minor, currency)
